/*
 * writer.c - the output stage: assignments, groups and the deduplicated
 * stream as JSON Lines, built with cJSON and handed to the caller's sink.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "corpus.h"
#include "jsonout.h"

const char *nd__role_name(nd_role r)
{
    switch (r) {
    case ND_ROLE_CANONICAL: return "canonical";
    case ND_ROLE_DUPLICATE: return "duplicate";
    case ND_ROLE_REPUBLISHED: return "republished";
    }
    return "unknown";
}

double nd__round4(double x)
{
    return round(x * 10000.0) / 10000.0;
}

/* The decimal digits of v into p; returns their count. */
static size_t put_digits(uint64_t v, char *p)
{
    char tmp[24], *d = tmp + sizeof tmp;
    do
        *--d = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    const size_t len = (size_t)(tmp + sizeof tmp - d);
    memcpy(p, d, len);
    return len;
}

const char *nd__format_number(double x, char buf[ND__NUMBUF])
{
    /* Whole numbers below 10^15: cJSON prints their digits (-0 keeps its
     * sign there, so it is left to cJSON). */
    if (x >= 0.0 && !signbit(x) && x < 1e15 && x == (double)(uint64_t)x) {
        buf[put_digits((uint64_t)x, buf)] = '\0';
        return buf;
    }
    /* Four decimals in (0, 1): "%1.15g" of such a double is the decimal
     * with its trailing zeros dropped (15 digits come back to the same
     * double, so cJSON keeps them). */
    if (x > 0.0 && x < 1.0 && nd__round4(x) == x) {
        unsigned m = (unsigned)round(x * 10000.0), decimals = 4;
        for (; m % 10 == 0; m /= 10)
            decimals--;
        char tail[8];
        const size_t len = put_digits(m, tail);
        char *p = buf;
        *p++ = '0';
        *p++ = '.';
        for (size_t i = len; i < decimals; i++)
            *p++ = '0'; /* 0.0042: the zeros before the digits */
        memcpy(p, tail, len);
        p[len] = '\0';
        return buf;
    }
    cJSON *num = cJSON_CreateNumber(x);
    const int ok = num && cJSON_PrintPreallocated(num, buf, ND__NUMBUF, 0);
    cJSON_Delete(num);
    return ok ? buf : NULL;
}

int nd__emit_json(cJSON *obj, nd_write_fn fn, void *payload)
{
    if (!obj)
        return ND_ENOMEM;
    char *s = cJSON_PrintUnformatted(obj);
    cJSON_Delete(obj);
    if (!s)
        return ND_ENOMEM;
    int err = fn(s, strlen(s), payload) || fn("\n", 1, payload) ? ND_EIO : ND_OK;
    cJSON_free(s);
    return err;
}

int nd__add_str(cJSON *obj, const char *k, const char *v)
{
    return cJSON_AddStringToObject(obj, k, v) ? ND_OK : ND_ENOMEM;
}

int nd__add_num(cJSON *obj, const char *k, double v)
{
    return cJSON_AddNumberToObject(obj, k, v) ? ND_OK : ND_ENOMEM;
}

/* What every output says of article i against its canonical. */
static int add_scores(cJSON *o, const nd_corpus *c, size_t i)
{
    return nd__add_str(o, "role", nd__role_name(c->role[i])) ||
                   nd__add_str(o, "evidence", nd_evidence_name(c->evidence[i])) ||
                   nd__add_num(o, "similarity", nd__round4(c->sim[i])) ||
                   nd__add_num(o, "containment", nd__round4(c->cont[i])) ||
                   nd__add_num(o, "canonical_containment", nd__round4(c->ccont[i]))
               ? ND_ENOMEM
               : ND_OK;
}

/* The per-article line, built once and refilled for every article: the
 * values are set in place and printed straight into the output buffer, so
 * a line of a million-article output costs no allocation. */
typedef struct line_tmpl {
    cJSON *o, *id, *group, *canon, *role, *evidence, *sim, *cont, *ccont;
    char num[4][ND__NUMBUF]; /* the numbers, printed by nd__format_number */
} line_tmpl;

/* A member printed as the text it points at, which the template's owner
 * keeps (a reference: cJSON neither copies nor frees it). The numbers are
 * such members, so that cJSON prints what nd__format_number made. */
static cJSON *raw_reference(void)
{
    cJSON *r = cJSON_CreateStringReference("0");
    if (r)
        r->type = cJSON_Raw | cJSON_IsReference;
    return r;
}

static int tmpl_add(cJSON *o, const char *k, cJSON *v, cJSON **out)
{
    *out = v;
    return v && cJSON_AddItemToObject(o, k, v) ? ND_OK : ND_ENOMEM;
}

static int tmpl_init(line_tmpl *t)
{
    memset(t, 0, sizeof *t);
    if (!(t->o = cJSON_CreateObject()))
        return ND_ENOMEM;
    /* the strings are references: each line points them at the corpus's
     * own strings (cJSON_SetValuestring would copy, and reallocate for a
     * longer value) */
    if (tmpl_add(t->o, "id", cJSON_CreateStringReference(""), &t->id) ||
        tmpl_add(t->o, "group", raw_reference(), &t->group) ||
        tmpl_add(t->o, "canonical_id", cJSON_CreateStringReference(""), &t->canon) ||
        tmpl_add(t->o, "role", cJSON_CreateStringReference(""), &t->role) ||
        tmpl_add(t->o, "evidence", cJSON_CreateStringReference(""), &t->evidence) ||
        tmpl_add(t->o, "similarity", raw_reference(), &t->sim) ||
        tmpl_add(t->o, "containment", raw_reference(), &t->cont) ||
        tmpl_add(t->o, "canonical_containment", raw_reference(), &t->ccont))
        return ND_ENOMEM;
    return ND_OK;
}

static void tmpl_free(line_tmpl *t)
{
    cJSON_Delete(t->o);
}

/* Point a string reference of the template at s. cJSON never writes to
 * nor frees a reference's string, so dropping const here is safe. */
static void point_at(cJSON *ref, const char *s)
{
    ref->valuestring = (char *)(uintptr_t)s;
}

/* Bytes made by a worker, handed on by the caller. */
typedef struct charbuf {
    char *v;
    size_t n, cap;
} charbuf;

static int charbuf_add(charbuf *b, const char *s, size_t len)
{
    if (nd__grow((void **)&b->v, &b->cap, b->n + len, 1))
        return ND_ENOMEM;
    memcpy(b->v + b->n, s, len);
    b->n += len;
    return ND_OK;
}

/* Article i's line, newline included, added to out. */
static int tmpl_line(line_tmpl *t, const nd_corpus *c, size_t i, charbuf *out)
{
    const char *id = c->docs[i].id, *canon = c->docs[c->canon_of[i]].id;
    point_at(t->id, id);
    point_at(t->canon, canon);
    point_at(t->role, nd__role_name(c->role[i]));
    point_at(t->evidence, nd_evidence_name(c->evidence[i]));
    const double nums[4] = {(double)c->group_of[i], nd__round4(c->sim[i]),
                            nd__round4(c->cont[i]), nd__round4(c->ccont[i])};
    cJSON *const items[4] = {t->group, t->sim, t->cont, t->ccont};
    for (int k = 0; k < 4; k++) {
        if (!nd__format_number(nums[k], t->num[k]))
            return ND_ENOMEM;
        point_at(items[k], t->num[k]);
    }
    /* room for the ids escaped (6 bytes a byte at worst), the rest, and
     * the margin cJSON asks of preallocated buffers */
    size_t need = 6 * (strlen(id) + strlen(canon)) + 512;
    if (need <= INT32_MAX) {
        if (nd__grow((void **)&out->v, &out->cap, out->n + need, 1))
            return ND_ENOMEM;
        char *line = out->v + out->n;
        if (cJSON_PrintPreallocated(t->o, line, (int)need, 0)) {
            size_t len = strlen(line);
            line[len] = '\n'; /* the room has the margin for it */
            out->n += len + 1;
            return ND_OK;
        }
    }
    /* past what a preallocated print takes: a copy printed on its own */
    cJSON *copy = cJSON_Duplicate(t->o, 1);
    char *s = copy ? cJSON_PrintUnformatted(copy) : NULL;
    cJSON_Delete(copy);
    int err = !s || charbuf_add(out, s, strlen(s)) || charbuf_add(out, "\n", 1) ? ND_ENOMEM
                                                                                : ND_OK;
    cJSON_free(s);
    return err;
}

/* The lines are made on the workers, a window of articles at a time,
 * each chunk of it into its own buffer, and handed to the sink in article
 * order by the calling thread (callbacks are never called from a worker):
 * at a million articles, printing them alone took a second. */
#define WRITE_GRAIN 512
#define WRITE_CHUNKS 16 /* chunks a window */

typedef struct write_job {
    const nd_corpus *c;
    size_t base;     /* the window's first article */
    line_tmpl *tmpl; /* per worker, made by its first chunk */
    charbuf *out;    /* per chunk of the window */
} write_job;

static int write_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    write_job *wj = payload;
    line_tmpl *t = &wj->tmpl[worker];
    if (!t->o && tmpl_init(t) < 0)
        return ND_ENOMEM;
    charbuf *out = &wj->out[begin / WRITE_GRAIN];
    for (size_t i = begin; i < end; i++) {
        int err = tmpl_line(t, wj->c, wj->base + i, out);
        if (err < 0)
            return err;
    }
    return ND_OK;
}

int nd_corpus_write_assignments(const nd_corpus *c, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->group_of)
        return ND_ESTATE;
    charbuf out[WRITE_CHUNKS];
    memset(out, 0, sizeof out);
    write_job wj = {c, 0, calloc(c->threads, sizeof *wj.tmpl), out};
    int err = wj.tmpl ? ND_OK : ND_ENOMEM;
    for (; wj.base < c->n && err == ND_OK; wj.base += WRITE_GRAIN * WRITE_CHUNKS) {
        const size_t m = c->n - wj.base < WRITE_GRAIN * WRITE_CHUNKS ? c->n - wj.base
                                                                   : WRITE_GRAIN * WRITE_CHUNKS;
        err = nd__parallel_for(c->pool, c->threads, m, WRITE_GRAIN, write_range, &wj);
        for (size_t k = 0; k * WRITE_GRAIN < m && err == ND_OK; k++) {
            if (out[k].n && fn(out[k].v, out[k].n, payload))
                err = ND_EIO;
            out[k].n = 0;
        }
    }
    for (unsigned t = 0; wj.tmpl && t < c->threads; t++)
        if (wj.tmpl[t].o)
            tmpl_free(&wj.tmpl[t]);
    free(wj.tmpl);
    for (size_t k = 0; k < WRITE_CHUNKS; k++)
        free(out[k].v);
    return err;
}

int nd_corpus_write_groups(const nd_corpus *c, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->group_start)
        return ND_ESTATE;
    for (size_t g = 0; g < c->n_groups; g++) {
        const size_t *m = c->members + c->group_start[g];
        size_t size = c->group_start[g + 1] - c->group_start[g];
        if (size < 2)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON *arr = NULL;
        int bad = !o || nd__add_num(o, "group", (double)g) ||
                  nd__add_num(o, "size", (double)size) ||
                  nd__add_str(o, "canonical", c->docs[m[0]].id) ||
                  nd__add_str(o, "reason", nd__keep_key_name(&c->keep, c->reason[g])) ||
                  !(arr = cJSON_AddArrayToObject(o, "members"));
        for (size_t j = 0; j < size && !bad; j++) {
            cJSON *mo = cJSON_CreateObject();
            if (!mo) {
                bad = 1;
                break;
            }
            cJSON_AddItemToArray(arr, mo); /* o owns it from here */
            bad = nd__add_str(mo, "id", c->docs[m[j]].id) || add_scores(mo, c, m[j]);
        }
        if (bad) {
            cJSON_Delete(o);
            return ND_ENOMEM;
        }
        int err = nd__emit_json(o, fn, payload);
        if (err < 0)
            return err;
    }
    return ND_OK;
}

int nd_corpus_write_dedup(const nd_corpus *c, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->role)
        return ND_ESTATE;
    for (size_t i = 0; i < c->n; i++)
        if (c->role[i] == ND_ROLE_CANONICAL && c->docs[i].raw_kind == ND__RAW_NONE)
            return ND_ESTATE; /* checked first: never a half-written stream */
    for (size_t i = 0; i < c->n; i++) {
        const nd__doc *d = &c->docs[i];
        if (c->role[i] != ND_ROLE_CANONICAL)
            continue;
        if (d->raw_kind == ND__RAW_JSON) {
            if (fn(d->raw, d->raw_len, payload) || fn("\n", 1, payload))
                return ND_EIO;
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        if (!o || nd__add_str(o, "id", d->id) || nd__add_str(o, "text", d->raw)) {
            cJSON_Delete(o);
            return ND_ENOMEM;
        }
        int err = nd__emit_json(o, fn, payload);
        if (err < 0)
            return err;
    }
    return ND_OK;
}
