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
 * values are set in place and printed into a reused buffer, so a line of
 * a million-article output costs no allocation. */
typedef struct line_tmpl {
    cJSON *o, *id, *group, *canon, *role, *evidence, *sim, *cont, *ccont;
    char *buf;
    size_t cap;
} line_tmpl;

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
        tmpl_add(t->o, "group", cJSON_CreateNumber(0), &t->group) ||
        tmpl_add(t->o, "canonical_id", cJSON_CreateStringReference(""), &t->canon) ||
        tmpl_add(t->o, "role", cJSON_CreateStringReference(""), &t->role) ||
        tmpl_add(t->o, "evidence", cJSON_CreateStringReference(""), &t->evidence) ||
        tmpl_add(t->o, "similarity", cJSON_CreateNumber(0), &t->sim) ||
        tmpl_add(t->o, "containment", cJSON_CreateNumber(0), &t->cont) ||
        tmpl_add(t->o, "canonical_containment", cJSON_CreateNumber(0), &t->ccont))
        return ND_ENOMEM;
    return ND_OK;
}

static void tmpl_free(line_tmpl *t)
{
    cJSON_Delete(t->o);
    free(t->buf);
}

/* Point a string reference of the template at s. cJSON never writes to
 * nor frees a reference's string, so dropping const here is safe. */
static void point_at(cJSON *ref, const char *s)
{
    ref->valuestring = (char *)(uintptr_t)s;
}

static int tmpl_line(line_tmpl *t, const nd_corpus *c, size_t i, nd_write_fn fn, void *payload)
{
    const char *id = c->docs[i].id, *canon = c->docs[c->canon_of[i]].id;
    point_at(t->id, id);
    point_at(t->canon, canon);
    point_at(t->role, nd__role_name(c->role[i]));
    point_at(t->evidence, nd_evidence_name(c->evidence[i]));
    cJSON_SetNumberValue(t->group, (double)c->group_of[i]);
    cJSON_SetNumberValue(t->sim, nd__round4(c->sim[i]));
    cJSON_SetNumberValue(t->cont, nd__round4(c->cont[i]));
    cJSON_SetNumberValue(t->ccont, nd__round4(c->ccont[i]));
    /* room for the ids escaped (6 bytes a byte at worst), the rest, and
     * the margin cJSON asks of preallocated buffers */
    size_t need = 6 * (strlen(id) + strlen(canon)) + 512;
    if (need > INT32_MAX)
        return nd__emit_json(cJSON_Duplicate(t->o, 1), fn, payload);
    if (need > t->cap) {
        char *b = realloc(t->buf, need);
        if (!b)
            return ND_ENOMEM;
        t->buf = b;
        t->cap = need;
    }
    if (!cJSON_PrintPreallocated(t->o, t->buf, (int)t->cap, 0))
        return nd__emit_json(cJSON_Duplicate(t->o, 1), fn, payload);
    size_t len = strlen(t->buf);
    t->buf[len] = '\n'; /* the buffer has the margin for it */
    return fn(t->buf, len + 1, payload) ? ND_EIO : ND_OK;
}

int nd_corpus_write_assignments(const nd_corpus *c, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->group_of)
        return ND_ESTATE;
    line_tmpl t;
    int err = tmpl_init(&t);
    for (size_t i = 0; i < c->n && err == ND_OK; i++)
        err = tmpl_line(&t, c, i, fn, payload);
    tmpl_free(&t);
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
