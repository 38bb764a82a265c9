/*
 * eval.c - scoring a grouping against a ground truth: pairwise precision,
 * recall and F1, and the adjusted Rand index. Everything comes from the
 * contingency table of (true group, predicted group), so the cost is two
 * sorts of n items, never a walk over the n^2 pairs. Not part of the
 * pipeline; it measures the pipeline's output (docs/evaluation.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <xxhash.h>
#include <zlib.h>

#include "internal.h"
#include "jsonl.h"

/* Pair counts are exact in 64 bits while n(n-1) fits, i.e. for n < 2^32. */
#define MAX_ITEMS ((uint64_t)UINT32_MAX)

/* n choose 2, halving the even factor first so the product cannot wrap. */
static uint64_t pairs_of(uint64_t k)
{
    return k % 2 == 0 ? (k / 2) * (k - 1) : k * ((k - 1) / 2);
}

/* ------------------------------------------------------------------------ */
/* 128-bit integers for the ARI: N * common and truth * pred reach 2^126, and
 * their difference decides the sign, so they are formed exactly and rounded
 * only once, in the final division. */

typedef struct u128 {
    uint64_t hi, lo;
} u128;

static u128 mul64(uint64_t a, uint64_t b)
{
    const uint64_t m = 0xFFFFFFFFu;
    uint64_t a0 = a & m, a1 = a >> 32, b0 = b & m, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    /* at most 3 * (2^32 - 1): no overflow */
    uint64_t mid = (p00 >> 32) + (p01 & m) + (p10 & m);
    u128 r = {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), (mid << 32) | (p00 & m)};
    return r;
}

static u128 add128(u128 a, u128 b)
{
    u128 r = {a.hi + b.hi, a.lo + b.lo};
    r.hi += r.lo < a.lo;
    return r;
}

/* a - b for a >= b */
static u128 sub128(u128 a, u128 b)
{
    u128 r = {a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo};
    return r;
}

static int cmp128(u128 a, u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    return (a.lo > b.lo) - (a.lo < b.lo);
}

static long double ld128(u128 a)
{
    return (long double)a.hi * 18446744073709551616.0L + (long double)a.lo;
}

/* ------------------------------------------------------------------------ */
/* Metrics from the pair counts                                             */

/* The one rule for an empty denominator: a ratio of pairs over no pairs is 1
 * when the other side has no pairs either (nothing to find, nothing found),
 * and 0 otherwise. */
static double ratio(uint64_t num, uint64_t den, uint64_t other)
{
    if (den == 0)
        return other == 0 ? 1.0 : 0.0;
    return (double)((long double)num / (long double)den);
}

static void finish(nd_eval_result *r)
{
    const uint64_t n_pairs = pairs_of(r->n_items);
    const uint64_t t = r->truth_pairs, p = r->pred_pairs, c = r->common_pairs;
    r->precision = ratio(c, p, t);
    r->recall = ratio(c, t, p);
    /* F1 = 2PR/(P+R) = 2c/(t+p); the second form has no 0/0 when only one
     * of P and R is zero. t + p cannot wrap: both are at most n_pairs. */
    r->f1 = t + p == 0 ? 1.0 : (double)((long double)(2 * c) / (long double)(t + p));

    /* ARI = (c - tp/N) / ((t+p)/2 - tp/N) = 2(Nc - tp) / (t(N-p) + p(N-t)),
     * multiplied through by N so every term is an integer. The denominator
     * is a sum of non-negative products; it is zero only when both
     * groupings are all singletons or both are one group (or n < 2), that
     * is when they are identical, and the index is then 1. */
    u128 den = add128(mul64(t, n_pairs - p), mul64(p, n_pairs - t));
    if (den.hi == 0 && den.lo == 0) {
        r->ari = 1.0;
        return;
    }
    u128 nc = mul64(n_pairs, c), tp = mul64(t, p);
    long double num;
    if (cmp128(nc, tp) >= 0)
        num = ld128(sub128(nc, tp));
    else
        num = -ld128(sub128(tp, nc));
    r->ari = (double)(2.0L * num / ld128(den));
}

/* ------------------------------------------------------------------------ */
/* Contingency table                                                        */

typedef struct label_pair {
    uint64_t t, p;
} label_pair;

static int cmp_truth_pred(const void *pa, const void *pb)
{
    const label_pair *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
}

static int cmp_pred(const void *pa, const void *pb)
{
    const label_pair *a = pa, *b = pb;
    return (a->p > b->p) - (a->p < b->p);
}

int nd_eval_labels(const uint64_t *truth, const uint64_t *pred, size_t n, nd_eval_result *out)
{
    if (!out)
        return ND_EINVAL;
    memset(out, 0, sizeof *out);
    if (n && (!truth || !pred))
        return ND_EINVAL;
    if ((uint64_t)n > MAX_ITEMS)
        return ND_ERANGE;
    if (n > SIZE_MAX / sizeof(label_pair))
        return ND_ENOMEM;
    label_pair *lp = malloc(n ? n * sizeof *lp : 1);
    if (!lp)
        return ND_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        lp[i].t = truth[i];
        lp[i].p = pred[i];
    }
    out->n_items = n;

    /* sorted by (truth, pred): runs of equal truth are the true groups, and
     * within them runs of equal pred are the cells n_ij of the table */
    qsort(lp, n, sizeof *lp, cmp_truth_pred);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && lp[j].t == lp[i].t) {
            size_t k = j;
            while (k < n && lp[k].t == lp[i].t && lp[k].p == lp[j].p)
                k++;
            out->common_pairs += pairs_of(k - j);
            j = k;
        }
        out->truth_pairs += pairs_of(j - i);
        out->truth_groups++;
        i = j;
    }
    /* sorted by pred alone: runs are the predicted groups */
    qsort(lp, n, sizeof *lp, cmp_pred);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && lp[j].p == lp[i].p)
            j++;
        out->pred_pairs += pairs_of(j - i);
        out->pred_groups++;
        i = j;
    }
    free(lp);
    finish(out);
    return ND_OK;
}

/* ------------------------------------------------------------------------ */
/* String interning: ids and group labels                                   */

/* Strings are kept back to back in one arena and found through an
 * open-addressing table. A slot holds the entry number + 1 in its low 32 bits
 * (0 = empty) and the top 32 bits of the hash in its high bits, so most
 * mismatches are rejected without touching the arena. */
typedef struct strtab {
    char *chars;
    size_t chars_len, chars_cap;
    size_t *off;
    size_t n, off_cap;
    uint64_t *slots;
    size_t n_slots; /* a power of two, or 0 */
} strtab;

static void strtab_free(strtab *t)
{
    free(t->chars);
    free(t->off);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static void strtab_place(uint64_t *slots, size_t n_slots, uint64_t h, uint64_t entry)
{
    size_t mask = n_slots - 1, i = (size_t)h & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = (h & 0xFFFFFFFF00000000u) | (entry + 1);
}

/* Keep the load under 3/4, where linear probing stays short. */
static int strtab_rehash(strtab *t)
{
    size_t ns = t->n_slots ? t->n_slots * 2 : 1024;
    if (ns > SIZE_MAX / sizeof(uint64_t))
        return ND_ENOMEM;
    uint64_t *slots = calloc(ns, sizeof *slots);
    if (!slots)
        return ND_ENOMEM;
    for (size_t e = 0; e < t->n; e++) {
        const char *s = t->chars + t->off[e];
        strtab_place(slots, ns, XXH3_64bits(s, strlen(s)), e);
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = ns;
    return ND_OK;
}

/* Find s, adding it when absent. *index_out is its entry number (0, 1, ...
 * in order of first appearance); *added tells whether it is new. */
static int strtab_intern(strtab *t, const char *s, uint64_t *index_out, int *added)
{
    size_t len = strlen(s);
    uint64_t h = XXH3_64bits(s, len);
    *added = 0;
    if (t->n_slots) {
        size_t mask = t->n_slots - 1, i = (size_t)h & mask;
        for (uint64_t v; (v = t->slots[i]) != 0; i = (i + 1) & mask) {
            size_t e = (size_t)(v & 0xFFFFFFFFu) - 1;
            if ((v >> 32) == (h >> 32) && strcmp(t->chars + t->off[e], s) == 0) {
                *index_out = e;
                return ND_OK;
            }
        }
    }
    if ((uint64_t)t->n >= MAX_ITEMS - 1)
        return ND_ERANGE;
    if ((t->n + 1) * 4 > t->n_slots * 3 && strtab_rehash(t) < 0)
        return ND_ENOMEM;
    if (len >= SIZE_MAX - t->chars_len ||
        nd__grow((void **)&t->chars, &t->chars_cap, t->chars_len + len + 1, 1) ||
        nd__grow((void **)&t->off, &t->off_cap, t->n + 1, sizeof *t->off))
        return ND_ENOMEM;
    memcpy(t->chars + t->chars_len, s, len + 1);
    t->off[t->n] = t->chars_len;
    t->chars_len += len + 1;
    strtab_place(t->slots, t->n_slots, h, t->n);
    *index_out = t->n++;
    *added = 1;
    return ND_OK;
}

/* ------------------------------------------------------------------------ */
/* Reading the two files                                                    */

#define NO_LINE 0 /* lines are 1-based, so 0 means "not seen" */
#define DUP_FMT "%s:%llu: duplicate id '%.200s' (first on line %llu)"

typedef struct evalfiles {
    strtab ids; /* truth ids first (entries < n_truth), then extras */
    strtab truth_labels, pred_labels;
    uint64_t *tl, *pl;       /* label entry per id entry */
    uint64_t *tline, *pline; /* line of the id in each file, NO_LINE if absent */
    size_t cap;              /* capacity of the four arrays */
    size_t n_truth;
    uint64_t extra;
    nd__errbuf err;
} evalfiles;

static int grow_items(evalfiles *ev, size_t need)
{
    if (need <= ev->cap)
        return ND_OK;
    size_t cap = ev->cap ? ev->cap : 1024;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / sizeof(uint64_t))
            return ND_ENOMEM;
        cap *= 2;
    }
    uint64_t **arrays[4] = {&ev->tl, &ev->pl, &ev->tline, &ev->pline};
    for (int i = 0; i < 4; i++) {
        uint64_t *a = realloc(*arrays[i], cap * sizeof *a);
        if (!a)
            return ND_ENOMEM;
        /* new entries start unseen in both files */
        memset(a + ev->cap, 0, (cap - ev->cap) * sizeof *a);
        *arrays[i] = a;
    }
    ev->cap = cap;
    return ND_OK;
}

typedef enum which_file { TRUTH_FILE, PRED_FILE } which_file;

static int take_record(evalfiles *ev, which_file which, const char *file, uint64_t line,
                       const char *id, const char *group)
{
    uint64_t e, label;
    int added, err;
    if ((err = strtab_intern(&ev->ids, id, &e, &added)) < 0 ||
        (err = grow_items(ev, (size_t)e + 1)) < 0)
        return nd__fail(&ev->err, err, "%s:%llu: %s", file, (unsigned long long)line,
                        nd_strerror(err));
    if (which == TRUTH_FILE) {
        if (!added)
            return nd__fail(&ev->err, ND_EPARSE, DUP_FMT, file, (unsigned long long)line, id,
                            (unsigned long long)ev->tline[e]);
        if ((err = strtab_intern(&ev->truth_labels, group, &label, &added)) < 0)
            return nd__fail(&ev->err, err, "%s:%llu: %s", file, (unsigned long long)line,
                            nd_strerror(err));
        ev->tl[e] = label;
        ev->tline[e] = line;
        ev->n_truth = (size_t)e + 1;
        return ND_OK;
    }
    if (ev->pline[e] != NO_LINE)
        return nd__fail(&ev->err, ND_EPARSE, DUP_FMT, file, (unsigned long long)line, id,
                        (unsigned long long)ev->pline[e]);
    ev->pline[e] = line;
    if (e >= ev->n_truth) {
        ev->extra++; /* only in the predictions: not scored */
        return ND_OK;
    }
    if ((err = strtab_intern(&ev->pred_labels, group, &label, &added)) < 0)
        return nd__fail(&ev->err, err, "%s:%llu: %s", file, (unsigned long long)line,
                        nd_strerror(err));
    ev->pl[e] = label;
    return ND_OK;
}

static int parse_line(evalfiles *ev, which_file which, const char *file, uint64_t line,
                      const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    unsigned long long ln = (unsigned long long)line;
    if (!root) {
        size_t col = end && end >= text ? (size_t)(end - text) + 1 : 1;
        return nd__fail(&ev->err, ND_EPARSE, "%s:%llu: invalid JSON near column %zu", file, ln,
                        col);
    }
    int err = ND_OK;
    size_t rest = end ? (size_t)(end - text) : len;
    while (rest < len && (text[rest] == ' ' || text[rest] == '\t' || text[rest] == '\r'))
        rest++;
    char idbuf[64], groupbuf[64];
    const char *id, *group;
    if (rest < len)
        err = nd__fail(&ev->err, ND_EPARSE, "%s:%llu: text after the JSON value, column %zu", file,
                       ln, rest + 1);
    else if (!cJSON_IsObject(root))
        err = nd__fail(&ev->err, ND_EPARSE, "%s:%llu: not a JSON object", file, ln);
    else if (!(id = nd__json_scalar(cJSON_GetObjectItemCaseSensitive(root, "id"), idbuf, sizeof idbuf)))
        err = nd__fail(&ev->err, ND_EPARSE, "%s:%llu: 'id' is missing or not a string or number",
                       file, ln);
    else if (!(group = nd__json_scalar(cJSON_GetObjectItemCaseSensitive(root, "group"), groupbuf,
                                   sizeof groupbuf)))
        err = nd__fail(&ev->err, ND_EPARSE, "%s:%llu: 'group' is missing or not a string or number",
                       file, ln);
    else
        err = take_record(ev, which, file, line, id, group);
    cJSON_Delete(root);
    return err;
}

static int read_failure(evalfiles *ev, gzFile gz, const char *file, uint64_t line)
{
    int zerr = Z_OK;
    const char *zmsg = gzerror(gz, &zerr);
    if (zerr == Z_ERRNO)
        return nd__fail(&ev->err, ND_EIO, "%s:%llu: read error: %s", file, (unsigned long long)line,
                        strerror(errno));
    return nd__fail(&ev->err, ND_ECORRUPT, "%s:%llu: truncated or corrupt gzip (%s)", file,
                    (unsigned long long)line, zmsg && *zmsg ? zmsg : "unexpected end");
}

/* Read one JSON Lines file, plain or gzip; "-" is standard input. */
static int read_file(evalfiles *ev, which_file which, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY);
    const char *file = strcmp(path, "-") == 0 ? "(stdin)" : path;
    if (fd < 0)
        return nd__fail(&ev->err, ND_EIO, "%s: cannot open: %s", file, strerror(errno));
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        return nd__fail(&ev->err, ND_ENOMEM, "%s: out of memory", file);
    }
    gzbuffer(gz, 1 << 17);
    char *buf = NULL;
    size_t cap = 0;
    uint64_t line = 0;
    int err = ND_OK;
    for (;;) {
        /* one whole line, however long: gzgets stops at a newline or when
         * the buffer is full, and then the buffer grows */
        size_t len = 0;
        int got_any = 0;
        for (;;) {
            if (cap - len < 2 && nd__grow((void **)&buf, &cap, len + 4096, 1)) {
                err = nd__fail(&ev->err, ND_ENOMEM, "%s: out of memory", file);
                goto done;
            }
            size_t room = cap - len > INT_MAX ? INT_MAX : cap - len;
            if (!gzgets(gz, buf + len, (int)room))
                break;
            got_any = 1;
            len += strlen(buf + len);
            if (len && buf[len - 1] == '\n')
                break;
        }
        int zerr = Z_OK;
        gzerror(gz, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END) {
            err = read_failure(ev, gz, file, line + 1);
            goto done;
        }
        if (!got_any)
            break;
        line++;
        const char *s = buf;
        if (line == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte order mark is not part of the first record */
            len -= 3;
        }
        while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
            len--;
        size_t i = 0;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == len)
            continue; /* blank lines hold no record */
        if ((err = parse_line(ev, which, file, line, s, len)) < 0)
            goto done;
    }
done:
    free(buf);
    gzclose(gz);
    return err;
}

int nd_eval_files(const char *truth_path, const char *pred_path, nd_eval_result *out, char *msg,
                  size_t msg_size)
{
    evalfiles ev;
    memset(&ev, 0, sizeof ev);
    nd__errclear(&ev.err);
    int err;
    if (msg && msg_size)
        msg[0] = '\0';
    if (!out)
        return ND_EINVAL;
    memset(out, 0, sizeof *out);
    if (!truth_path || !pred_path) {
        err = nd__fail(&ev.err, ND_EINVAL, "both a truth and a prediction file are needed");
        goto done;
    }
    if (strcmp(truth_path, "-") == 0 && strcmp(pred_path, "-") == 0) {
        err = nd__fail(&ev.err, ND_EINVAL, "only one of the two files can be standard input");
        goto done;
    }
    if ((err = read_file(&ev, TRUTH_FILE, truth_path)) < 0)
        goto done;
    ev.n_truth = ev.ids.n;
    if ((err = read_file(&ev, PRED_FILE, pred_path)) < 0)
        goto done;

    /* a truth item the predictions never mention is a group of its own:
     * give it a label no predicted group has */
    uint64_t missing = 0;
    for (size_t i = 0; i < ev.n_truth; i++)
        if (ev.pline[i] == NO_LINE)
            ev.pl[i] = ev.pred_labels.n + missing++;
    err = nd_eval_labels(ev.tl, ev.pl, ev.n_truth, out);
    if (err < 0) {
        nd__fail(&ev.err, err, "%s", nd_strerror(err));
        goto done;
    }
    out->missing = missing;
    out->extra = ev.extra;
done:
    if (msg && msg_size)
        snprintf(msg, msg_size, "%s", ev.err.msg);
    strtab_free(&ev.ids);
    strtab_free(&ev.truth_labels);
    strtab_free(&ev.pred_labels);
    free(ev.tl);
    free(ev.pl);
    free(ev.tline);
    free(ev.pline);
    return err;
}
