/*
 * corpus.c - the batch pipeline: articles are signed as they are added;
 * nd_corpus_run() then finds candidates, verifies them, groups and picks
 * the canonical member of every group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "cluster.h"
#include "corpus.h"
#include "lsh.h"
#include "verify.h"

int nd_options_init(nd_options *opts, unsigned version)
{
    if (!opts || version != ND_OPTIONS_VERSION)
        return ND_EINVAL;
    nd_options d = ND_OPTIONS_INIT;
    *opts = d;
    return ND_OK;
}

int nd_keep_check(const char *spec, char *msg, size_t msg_size)
{
    nd__errbuf e;
    nd__errclear(&e);
    nd__keep k;
    int err = nd__keep_parse(spec, &k, &e);
    if (err == ND_OK)
        nd__keep_free(&k);
    if (msg && msg_size)
        snprintf(msg, msg_size, "%s", e.msg);
    return err;
}

static int check_options(const nd_options *o, nd__errbuf *e)
{
    if (o->version != ND_OPTIONS_VERSION)
        return nd__fail(e, ND_EINVAL, "unsupported options version %u", o->version);
    if (o->shingle_kind != ND_SHINGLE_WORDS && o->shingle_kind != ND_SHINGLE_CHARS)
        return nd__fail(e, ND_EINVAL, "unknown shingle kind");
    if (o->shingle_size < 1 || o->shingle_size > 64)
        return nd__fail(e, ND_EINVAL, "shingle size must be 1 to 64, not %u", o->shingle_size);
    if (o->num_perm < 1 || o->num_perm > 4096)
        return nd__fail(e, ND_EINVAL, "num-perm must be 1 to 4096, not %u", o->num_perm);
    if (!(o->threshold > 0.0 && o->threshold <= 1.0))
        return nd__fail(e, ND_EINVAL, "threshold must be in (0, 1], not %g", o->threshold);
    if ((o->bands == 0) != (o->rows == 0))
        return nd__fail(e, ND_EINVAL, "bands and rows go together: give both or neither");
    if ((uint64_t)o->bands * o->rows > o->num_perm)
        return nd__fail(e, ND_EINVAL, "bands x rows (%u x %u) exceeds num-perm %u", o->bands,
                        o->rows, o->num_perm);
    return ND_OK;
}

int nd_corpus_new(nd_corpus **out, const nd_options *opts)
{
    nd_options defaults = ND_OPTIONS_INIT;
    *out = NULL;
    if (!opts)
        opts = &defaults;
    nd_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return ND_ENOMEM;
    c->opts = *opts;
    int err = check_options(opts, NULL);
    if (err == ND_OK && opts->keep && !(c->keep_spec = nd__strdup(opts->keep)))
        err = ND_ENOMEM;
    c->opts.keep = c->keep_spec;
    if (err == ND_OK)
        err = nd__keep_parse(c->keep_spec, &c->keep, NULL);
    if (err == ND_OK) {
        c->bands = opts->bands;
        c->rows = opts->rows;
        if (!c->bands)
            err = nd_lsh_params(opts->threshold, opts->num_perm, &c->bands, &c->rows);
    }
    if (err == ND_OK)
        err = nd__minhash_init(&c->mh, opts->num_perm, opts->seed);
    if (err < 0) {
        nd_corpus_free(c);
        return err == ND_EPARSE || err == ND_EIO ? ND_EINVAL : err;
    }
    nd__norm_init(&c->norm);
    nd__shingler_init(&c->shingler, opts->shingle_kind, opts->shingle_size, opts->seed);
    *out = c;
    return ND_OK;
}

static void free_results(nd_corpus *c)
{
    free(c->group_of);
    free(c->canon_of);
    free(c->role);
    free(c->sim);
    free(c->cont);
    free(c->members);
    free(c->group_start);
    free(c->reason);
}

void nd_corpus_free(nd_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        nd__doc *d = &c->docs[i];
        free(d->id);
        free(d->title);
        free(d->source);
        free(d->url);
        free(d->raw);
        free(d->sh);
    }
    free(c->docs);
    free(c->sigs);
    for (size_t i = 0; i < c->n_origins; i++)
        free(c->origins[i]);
    free(c->origins);
    free_results(c);
    nd__keep_free(&c->keep);
    free(c->keep_spec);
    nd__norm_free(&c->norm);
    nd__tokens_free(&c->toks);
    nd__shingler_free(&c->shingler);
    nd__u64vec_free(&c->shv);
    nd__minhash_free(&c->mh);
    free(c);
}

const char *nd_corpus_errmsg(const nd_corpus *c)
{
    return c ? c->err.msg : "";
}

size_t nd_corpus_count(const nd_corpus *c)
{
    return c->n;
}

size_t nd_corpus_skipped(const nd_corpus *c)
{
    return c->skipped;
}

uint32_t nd__corpus_origin(nd_corpus *c, const char *name)
{
    if (c->n_origins >= UINT32_MAX - 1 ||
        nd__grow((void **)&c->origins, &c->origins_cap, c->n_origins + 1, sizeof *c->origins))
        return UINT32_MAX;
    if (!(c->origins[c->n_origins] = nd__strdup(name)))
        return UINT32_MAX;
    return (uint32_t)c->n_origins++;
}

void nd__corpus_diag(nd_corpus *c, int code, const char *file, uint64_t line, const char *fmt,
                     ...)
{
    char msg[ND__ERRMSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->skipped++;
    if (c->opts.on_diag) {
        nd_diag d = {code, file, line, msg};
        c->opts.on_diag(&d, c->opts.diag_payload);
    }
}

void nd__corpus_progress(nd_corpus *c, const char *stage, uint64_t done, uint64_t total)
{
    if (c->opts.on_progress)
        c->opts.on_progress(stage, done, total, c->opts.progress_payload);
}

/* Validate one optional string field; repair it into *fixed if allowed. */
static int check_utf8(nd_corpus *c, const char *s, size_t n, const char *what, char **fixed,
                      size_t *fixed_len)
{
    *fixed = NULL;
    size_t bad = nd__utf8_invalid_at(s, n);
    if (bad == n)
        return ND_OK;
    if (!c->opts.repair_utf8) {
        /* the line of the bad byte helps inside multi-line text files */
        uint64_t line = 1;
        for (size_t i = 0; i < bad; i++)
            line += s[i] == '\n';
        return nd__fail(&c->err, ND_EUTF8, "invalid UTF-8 in %s (byte %zu, line %llu of it)",
                        what, bad, (unsigned long long)line);
    }
    return nd__utf8_repair(s, n, fixed, fixed_len);
}

static char *dup_opt(const char *s, int *err)
{
    if (!s)
        return NULL;
    char *d = nd__strdup(s);
    if (!d)
        *err = ND_ENOMEM;
    return d;
}

/* Normalize, shingle and sign the text into doc d. */
static int sign_text(nd_corpus *c, nd__doc *d, uint32_t *sig, const char *text, size_t len)
{
    int err = nd__normalize(&c->norm, text, len, &c->toks);
    if (err < 0)
        return nd__fail(&c->err, err, "cannot normalize the text: %s", nd_strerror(err));
    if ((err = nd__shingle(&c->shingler, &c->toks, &c->shv)) < 0)
        return err;
    d->n_tok = (uint32_t)c->toks.n;
    d->n_sh = c->shv.n;
    if (d->n_sh) {
        d->sh = malloc(d->n_sh * sizeof *d->sh);
        if (!d->sh)
            return ND_ENOMEM;
        memcpy(d->sh, c->shv.v, d->n_sh * sizeof *d->sh);
    }
    if (d->n_tok < c->opts.min_words) {
        /* short articles match exact copies only: key on the tokens */
        nd__tokens_digest(&c->toks, c->opts.seed, d->key);
    } else {
        XXH128_hash_t h = XXH3_128bits_withSeed(d->sh, d->n_sh * sizeof *d->sh, c->opts.seed);
        d->key[0] = h.low64;
        d->key[1] = h.high64;
    }
    nd__minhash_sign(&c->mh, d->sh, d->n_sh, sig);
    return ND_OK;
}

int nd__corpus_add_record(nd_corpus *c, const nd__record *r)
{
    if (c->ran)
        return nd__fail(&c->err, ND_ESTATE, "articles cannot be added after the run");
    if (!r->id || !r->text)
        return nd__fail(&c->err, ND_EINVAL, "an article needs an id and a text");
    if (c->n >= UINT32_MAX - 1)
        return nd__fail(&c->err, ND_ERANGE, "too many articles");
    const unsigned k = c->opts.num_perm;
    if (nd__grow((void **)&c->docs, &c->cap, c->n + 1, sizeof *c->docs))
        return ND_ENOMEM;
    if (c->sigs_cap < c->cap) {
        uint32_t *s = realloc(c->sigs, c->cap * k * sizeof *s);
        if (!s)
            return ND_ENOMEM;
        c->sigs = s;
        c->sigs_cap = c->cap;
    }

    char *fixed_text = NULL;
    size_t fixed_len = 0;
    const char *text = r->text;
    size_t text_len = r->text_len;
    int err = check_utf8(c, text, text_len, r->text_name ? r->text_name : "the text",
                         &fixed_text, &fixed_len);
    if (err < 0)
        return err;
    if (fixed_text) {
        text = fixed_text;
        text_len = fixed_len;
    }

    nd__doc *d = &c->docs[c->n];
    memset(d, 0, sizeof *d);
    d->origin = r->origin;
    d->line = r->line;
    const char *fields[4] = {r->id, r->title, r->source, r->url};
    static const char *const names[4] = {"the id", "the title", "the source", "the url"};
    char **dest[4] = {&d->id, &d->title, &d->source, &d->url};
    for (int i = 0; i < 4 && err == ND_OK; i++) {
        char *fix = NULL;
        size_t flen;
        if (!fields[i])
            continue;
        err = check_utf8(c, fields[i], strlen(fields[i]), names[i], &fix, &flen);
        if (err == ND_OK)
            *dest[i] = fix ? fix : dup_opt(fields[i], &err);
    }
    if (err == ND_OK && r->date && *r->date) {
        d->has_date = nd__parse_date(r->date, &d->date) == ND_OK;
        if (!d->has_date && c->opts.on_diag) {
            /* not fatal: the article is kept, only without a date */
            char msg[ND__ERRMSG_SIZE];
            snprintf(msg, sizeof msg, "unrecognized date '%.64s' (kept without a date)",
                     r->date);
            nd_diag dg = {ND_EPARSE, r->origin < c->n_origins ? c->origins[r->origin] : NULL,
                          r->line, msg};
            c->opts.on_diag(&dg, c->opts.diag_payload);
        }
    }
    if (err == ND_OK && r->raw_kind == ND__RAW_JSON && r->raw) {
        if (!(d->raw = nd__strndup(r->raw, r->raw_len)))
            err = ND_ENOMEM;
        d->raw_len = r->raw_len;
        d->raw_kind = ND__RAW_JSON;
    } else if (err == ND_OK && r->raw_kind == ND__RAW_TEXT) {
        if (!(d->raw = nd__strndup(text, text_len)))
            err = ND_ENOMEM;
        d->raw_len = text_len;
        d->raw_kind = ND__RAW_TEXT;
    }
    if (err == ND_OK)
        err = sign_text(c, d, c->sigs + c->n * (size_t)k, text, text_len);
    free(fixed_text);
    if (err < 0) {
        free(d->id);
        free(d->title);
        free(d->source);
        free(d->url);
        free(d->raw);
        free(d->sh);
        if (err == ND_ENOMEM)
            nd__fail(&c->err, err, "out of memory");
        return err;
    }
    c->n++;
    return ND_OK;
}

int nd_corpus_add(nd_corpus *c, const nd_article *a)
{
    if (!c || !a || !a->id || !a->text)
        return c ? nd__fail(&c->err, ND_EINVAL, "an article needs an id and a text") : ND_EINVAL;
    nd__errclear(&c->err);
    nd__record r = {a->id, a->text, a->text_len, a->title, a->date, a->source, a->url,
                    NULL, 0, ND__RAW_TEXT, UINT32_MAX, 0, NULL};
    return nd__corpus_add_record(c, &r);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */

typedef struct keyed {
    uint64_t k0, k1;
    uint32_t doc;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->k0 != b->k0)
        return a->k0 < b->k0 ? -1 : 1;
    if (a->k1 != b->k1)
        return a->k1 < b->k1 ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

static int is_short(const nd_corpus *c, const nd__doc *d)
{
    return d->n_tok < c->opts.min_words;
}

/* Join exact copies (same shingle set, or same tokens for short articles)
 * and list one representative per set of copies for LSH. */
static int join_exact(nd_corpus *c, nd__uf *uf, uint32_t **reps_out, size_t *n_reps_out)
{
    keyed *kv = malloc((c->n ? c->n : 1) * sizeof *kv);
    uint32_t *reps = malloc((c->n ? c->n : 1) * sizeof *reps);
    if (!kv || !reps) {
        free(kv);
        free(reps);
        return ND_ENOMEM;
    }
    size_t m = 0, n_reps = 0;
    for (size_t i = 0; i < c->n; i++) {
        const nd__doc *d = &c->docs[i];
        if (d->n_tok == 0)
            continue; /* no words: never similar to anything */
        /* the tag bit keeps a short article's key apart from set keys */
        kv[m].k0 = d->key[0];
        kv[m].k1 = (d->key[1] & ~(uint64_t)1) | (uint64_t)is_short(c, d);
        kv[m].doc = (uint32_t)i;
        m++;
    }
    qsort(kv, m, sizeof *kv, cmp_keyed);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        const nd__doc *a = &c->docs[kv[i].doc];
        while (j < m && kv[j].k0 == kv[i].k0 && kv[j].k1 == kv[i].k1) {
            const nd__doc *b = &c->docs[kv[j].doc];
            /* a 128-bit key collision is not taken on trust for long texts */
            if (is_short(c, a) || (a->n_sh == b->n_sh &&
                                   memcmp(a->sh, b->sh, a->n_sh * sizeof *a->sh) == 0))
                nd__uf_union(uf, kv[i].doc, kv[j].doc);
            j++;
        }
        if (!is_short(c, a))
            reps[n_reps++] = kv[i].doc;
        i = j;
    }
    free(kv);
    /* representatives in input order, so that LSH input is deterministic */
    nd__u64vec tmp = {0};
    for (size_t i = 0; i < n_reps; i++)
        if (nd__u64vec_push(&tmp, reps[i])) {
            nd__u64vec_free(&tmp);
            free(reps);
            return ND_ENOMEM;
        }
    nd__u64_sort_unique(tmp.v, &tmp.n);
    for (size_t i = 0; i < tmp.n; i++)
        reps[i] = (uint32_t)tmp.v[i];
    n_reps = tmp.n;
    nd__u64vec_free(&tmp);
    *reps_out = reps;
    *n_reps_out = n_reps;
    return ND_OK;
}

static nd__overlap overlap(const nd_corpus *c, size_t a, size_t b)
{
    const nd__doc *x = &c->docs[a], *y = &c->docs[b];
    return nd__overlap_of(x->sh, x->n_sh, y->sh, y->n_sh);
}

static int link_candidates(nd_corpus *c, nd__uf *uf, const uint32_t *reps, size_t n_reps)
{
    nd__u64vec pairs = {0};
    nd__corpus_progress(c, "candidates", 0, n_reps);
    int err = nd__lsh_candidates(c->sigs, c->opts.num_perm, reps, n_reps, c->bands, c->rows,
                                 c->opts.seed, &pairs);
    if (err < 0) {
        nd__u64vec_free(&pairs);
        return err;
    }
    for (size_t i = 0; i < pairs.n; i++) {
        uint32_t a = (uint32_t)(pairs.v[i] >> 32), b = (uint32_t)pairs.v[i];
        if (nd__jaccard(overlap(c, a, b)) >= c->opts.threshold)
            nd__uf_union(uf, a, b);
        if ((i & 0xFFFF) == 0)
            nd__corpus_progress(c, "verify", i, pairs.n);
    }
    nd__corpus_progress(c, "verify", pairs.n, pairs.n);
    nd__u64vec_free(&pairs);
    return ND_OK;
}

static nd__keep_info keep_info(const nd_corpus *c, size_t i)
{
    const nd__doc *d = &c->docs[i];
    nd__keep_info k = {i, d->has_date, d->date, d->n_tok, d->source};
    return k;
}

/* Lay the groups out (members contiguous, group order = order of first
 * member) and choose each canonical. */
static int build_groups(nd_corpus *c, nd__uf *uf)
{
    const size_t n = c->n;
    size_t alloc = n ? n : 1;
    c->group_of = malloc(alloc * sizeof *c->group_of);
    c->canon_of = malloc(alloc * sizeof *c->canon_of);
    c->role = malloc(alloc * sizeof *c->role);
    c->sim = malloc(alloc * sizeof *c->sim);
    c->cont = malloc(alloc * sizeof *c->cont);
    c->members = malloc(alloc * sizeof *c->members);
    c->group_start = calloc(alloc + 1, sizeof *c->group_start);
    size_t *root_group = malloc(alloc * sizeof *root_group);
    if (!c->group_of || !c->canon_of || !c->role || !c->sim || !c->cont || !c->members ||
        !c->group_start || !root_group) {
        free(root_group);
        return ND_ENOMEM;
    }
    /* The root of a set is its smallest index (nd__uf_union), so a group
     * is numbered when its root, its first member, comes by. */
    size_t g = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = nd__uf_find(uf, (uint32_t)i);
        if (r == i)
            root_group[i] = g++;
        c->group_of[i] = root_group[r];
        c->group_start[c->group_of[i] + 1]++;
    }
    c->n_groups = g;
    for (size_t i = 0; i < g; i++)
        c->group_start[i + 1] += c->group_start[i];
    free(root_group);
    c->reason = malloc((g ? g : 1) * sizeof *c->reason);
    size_t *fill = calloc(g ? g : 1, sizeof *fill);
    if (!c->reason || !fill) {
        free(fill);
        return ND_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        size_t gi = c->group_of[i];
        c->members[c->group_start[gi] + fill[gi]++] = i;
    }
    free(fill);

    for (size_t gi = 0; gi < g; gi++) {
        size_t *m = c->members + c->group_start[gi];
        size_t size = c->group_start[gi + 1] - c->group_start[gi];
        size_t best = 0;
        for (size_t j = 1; j < size; j++) {
            nd__keep_info a = keep_info(c, m[j]), b = keep_info(c, m[best]);
            if (nd__keep_compare(&c->keep, &a, &b, NULL) < 0)
                best = j;
        }
        /* the reason is the key that beat the strongest other member */
        int reason = -1;
        if (size > 1) {
            size_t second = best == 0 ? 1 : 0;
            for (size_t j = 0; j < size; j++) {
                if (j == best || j == second)
                    continue;
                nd__keep_info a = keep_info(c, m[j]), b = keep_info(c, m[second]);
                if (nd__keep_compare(&c->keep, &a, &b, NULL) < 0)
                    second = j;
            }
            nd__keep_info a = keep_info(c, m[best]), b = keep_info(c, m[second]);
            nd__keep_compare(&c->keep, &a, &b, &reason);
        }
        c->reason[gi] = reason;
        /* canonical first, the rest stay in input order */
        size_t canon = m[best];
        memmove(m + 1, m, best * sizeof *m);
        m[0] = canon;
        for (size_t j = 0; j < size; j++) {
            size_t i = m[j];
            c->canon_of[i] = canon;
            if (i == canon) {
                c->role[i] = ND_ROLE_CANONICAL;
                c->sim[i] = c->cont[i] = 1.0;
                continue;
            }
            c->role[i] = ND_ROLE_DUPLICATE;
            if (is_short(c, &c->docs[i])) {
                c->sim[i] = c->cont[i] = 1.0; /* grouped only as exact copies */
            } else {
                nd__overlap o = overlap(c, i, canon);
                c->sim[i] = nd__jaccard(o);
                c->cont[i] = nd__containment(o);
            }
        }
    }
    return ND_OK;
}

int nd_corpus_run(nd_corpus *c)
{
    if (c->ran)
        return nd__fail(&c->err, ND_ESTATE, "the corpus has been run already");
    nd__errclear(&c->err);
    c->ran = 1;
    nd__uf uf;
    uint32_t *reps = NULL;
    size_t n_reps = 0;
    int err = nd__uf_init(&uf, c->n);
    if (err == ND_OK)
        err = join_exact(c, &uf, &reps, &n_reps);
    if (err == ND_OK)
        err = link_candidates(c, &uf, reps, n_reps);
    if (err == ND_OK) {
        nd__corpus_progress(c, "group", 0, c->n);
        err = build_groups(c, &uf);
    }
    free(reps);
    nd__uf_free(&uf);
    if (err < 0) {
        free_results(c);
        c->group_of = c->canon_of = c->members = c->group_start = NULL;
        c->role = NULL;
        c->sim = c->cont = NULL;
        c->reason = NULL;
        c->n_groups = 0;
        return nd__fail(&c->err, err, "run failed: %s", nd_strerror(err));
    }
    return ND_OK;
}

/* ------------------------------------------------------------------------ */
/* Results                                                                  */

const char *nd_corpus_id(const nd_corpus *c, size_t i)
{
    return c && i < c->n ? c->docs[i].id : NULL;
}

int nd_corpus_assignment(const nd_corpus *c, size_t i, nd_assignment *out)
{
    if (!c->ran || !c->group_of)
        return ND_ESTATE;
    if (i >= c->n)
        return ND_ENOTFOUND;
    out->group = c->group_of[i];
    out->canonical = c->canon_of[i];
    out->role = c->role[i];
    out->similarity = c->sim[i];
    out->containment = c->cont[i];
    return ND_OK;
}

size_t nd_corpus_group_count(const nd_corpus *c)
{
    return c->n_groups;
}

int nd_corpus_group(const nd_corpus *c, size_t g, const size_t **members_out, size_t *count_out)
{
    if (!c->ran || !c->group_start)
        return ND_ESTATE;
    if (g >= c->n_groups)
        return ND_ENOTFOUND;
    *members_out = c->members + c->group_start[g];
    *count_out = c->group_start[g + 1] - c->group_start[g];
    return ND_OK;
}
