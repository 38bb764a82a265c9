/*
 * corpus.c - the corpus handle: options, adding articles (each is
 * normalized into units as it comes, so the text need not be kept), and
 * access to the results of nd_corpus_run() (run.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "lsh.h"
#include "parallel.h"

/* Articles wait for tokenizing in batches of about this many bytes:
 * enough for the workers to share, small enough that reading the next
 * batch overlaps tokenizing this one for most of the input, and that
 * waiting texts stay bounded (two batches at most). */
#define BATCH_BYTES ((size_t)4 << 20)
#define BATCH_DOCS 2048

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
    if (o->boilerplate != ND_BOILERPLATE_MASK && o->boilerplate != ND_BOILERPLATE_OFF)
        return nd__fail(e, ND_EINVAL, "unknown boilerplate mode");
    if (o->sketch != ND_SKETCH_MINHASH && o->sketch != ND_SKETCH_OPH)
        return nd__fail(e, ND_EINVAL, "unknown sketch");
    if (!(o->containment >= 0.0 && o->containment <= 1.0))
        return nd__fail(e, ND_EINVAL, "containment must be in [0, 1], not %g", o->containment);
    if (o->shingle_size < 1 || o->shingle_size > 64)
        return nd__fail(e, ND_EINVAL, "shingle size must be 1 to 64, not %u", o->shingle_size);
    if (o->num_perm < 1 || o->num_perm > ND__MAX_PERM)
        return nd__fail(e, ND_EINVAL, "num-perm must be 1 to %u, not %u", ND__MAX_PERM,
                        o->num_perm);
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
    nd__recycler_init(&c->recycler);
    c->paras.rec = &c->recycler;
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
        err = nd__minhash_init(&c->mh, opts->num_perm, opts->seed,
                               opts->sketch == ND_SKETCH_OPH);
    c->threads = nd__threads(opts->threads);
    c->spill_after = ND__SPILL_AFTER;
    c->spill_span = ND__SPILL_SPAN;
    c->batch_bytes = BATCH_BYTES;
    c->batch_docs = BATCH_DOCS;
    c->spill.fd = -1;
    if (err == ND_OK && !(c->scratch = calloc(c->threads, sizeof *c->scratch)))
        err = ND_ENOMEM;
    if (err == ND_OK)
        err = nd__pool_new(c->threads, &c->pool);
    if (err < 0) {
        nd_corpus_free(c);
        return err == ND_EPARSE || err == ND_EIO ? ND_EINVAL : err;
    }
    for (unsigned t = 0; t < c->threads; t++) {
        nd__scratch *sc = &c->scratch[t];
        nd__norm_init(&sc->norm);
        /* the paragraphs' blocks are given back while the sets are built:
         * the one goes to the other. The reading's arenas are given back
         * before masking, and would be held through it for the sets of
         * spilled articles only (10k articles: peak RSS 59 -> 66 MB) */
        sc->sets.rec = &c->recycler;
    }
    nd__shingler_init(&c->shingler, opts->shingle_kind, opts->shingle_size, opts->seed);
    *out = c;
    return ND_OK;
}

void nd__corpus_free_results(nd_corpus *c)
{
    free(c->group_of);
    free(c->canon_of);
    free(c->role);
    free(c->evidence);
    free(c->sim);
    free(c->cont);
    free(c->ccont);
    free(c->members);
    free(c->group_start);
    free(c->reason);
    c->group_of = c->canon_of = c->members = c->group_start = NULL;
    c->role = NULL;
    c->evidence = NULL;
    c->sim = c->cont = c->ccont = NULL;
    c->reason = NULL;
    c->n_groups = 0;
}

void nd__doc_free(const nd_corpus *c, nd__doc *d)
{
    /* id, title, source, url and raw live in a strings arena */
    if (c->opts.keep_text) /* otherwise in a text arena */
        free(d->text);
    /* d->para, d->sh, d->lead and d->masked live in arenas or c->paras */
}

void nd_corpus_free(nd_corpus *c)
{
    if (!c)
        return;
    nd__batch_free(c);
    nd__pool_free(c->pool); /* its workers are asleep: the batch is joined */
    for (size_t i = 0; i < c->n; i++)
        nd__doc_free(c, &c->docs[i]);
    nd__big_free(c->docs, c->cap * sizeof *c->docs);
    nd__big_free(c->sigs, c->sigs_cap);
    for (size_t i = 0; i < c->n_origins; i++)
        free(c->origins[i]);
    free(c->origins);
    nd__corpus_free_results(c);
    nd__keep_free(&c->keep);
    free(c->keep_spec);
    for (unsigned t = 0; c->scratch && t < c->threads; t++) {
        nd__scratch *sc = &c->scratch[t];
        nd__norm_free(&sc->norm);
        nd__tokens_free(&sc->toks);
        nd__units_free(&sc->units);
        nd__u32vec_free(&sc->tmp);
        nd__u32vec_free(&sc->raw);
        nd__u32vec_free(&sc->sig);
        nd__u32vec_free(&sc->lead);
        nd__arena_free(&sc->kept);
        nd__arena_free(&sc->batch[0]);
        nd__arena_free(&sc->batch[1]);
        nd__arena_free(&sc->sets);
        nd__arena_free(&sc->strs);
    }
    free(c->scratch);
    nd__spill_close(&c->spill);
    nd__blocks_free(&c->paras);
    nd__arena_free(&c->text_arena[0]);
    nd__arena_free(&c->text_arena[1]);
    nd__arena_free(&c->strings);
    nd__recycler_free(&c->recycler); /* last: the arenas give back to it */
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
        nd_diag d = {code, file, line, msg, 0};
        c->opts.on_diag(&d, c->opts.diag_payload);
    }
}

int nd__corpus_bad_record(nd_corpus *c, int stop, int code, const char *file, uint64_t line,
                          const char *why)
{
    /* why may be the handle's own message buffer, which nd__fail rewrites */
    char msg[ND__ERRMSG_SIZE];
    snprintf(msg, sizeof msg, "%s", why);
    if (!stop) {
        nd__corpus_diag(c, code, file, line, "%s", msg);
        return ND_OK;
    }
    if (line)
        return nd__fail(&c->err, code, "%s:%llu: %s", file, (unsigned long long)line, msg);
    return nd__fail(&c->err, code, "%s: %s", file, msg);
}

void nd__corpus_warn(nd_corpus *c, int code, uint32_t origin, uint64_t line, const char *msg)
{
    if (c->opts.on_diag) {
        nd_diag d = {code, origin < c->n_origins ? c->origins[origin] : NULL, line, msg, 1};
        c->opts.on_diag(&d, c->opts.diag_payload);
    }
}

void nd__corpus_progress(nd_corpus *c, const char *stage, uint64_t done, uint64_t total)
{
    if (c->opts.on_progress)
        c->opts.on_progress(stage, done, total, c->opts.progress_payload);
}

/* Validate one string; repair it into *fixed if allowed. */
static int check_utf8(const nd_corpus *c, nd__errbuf *e, const char *s, size_t n,
                      const char *what, char **fixed, size_t *fixed_len)
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
        return nd__fail(e, ND_EUTF8, "invalid UTF-8 in %s (byte %zu, line %llu of it)", what,
                        bad, (unsigned long long)line);
    }
    return nd__utf8_repair(s, n, fixed, fixed_len);
}

/* A copy of s[0, n) in the arena; on failure *err is set. */
static char *arena_copy(nd__arena *a, const char *s, size_t n, int *err)
{
    char *d = nd__arena_strndup(a, s, n);
    if (!d)
        *err = ND_ENOMEM;
    return d;
}

int nd__doc_tokenize(const nd__shingler *sh, nd__norm *nm, nd__tokens *toks, nd__units *units,
                     nd__arena *arena, nd__doc *d, const char *text, size_t len)
{
    int err = nd__normalize(nm, text, len, toks);
    if (err == ND_OK)
        err = nd__units_build(sh, toks, units);
    if (err < 0)
        return err;
    d->n_tok = (uint32_t)toks->n;
    d->n_para = (uint32_t)units->n_para;
    size_t n_sh = 0;
    for (size_t p = 0; p < units->n_para; p++)
        n_sh += nd__shingle_count(sh, units->para[p].len);
    if (units->n_para && !(d->para = nd__arena_alloc(arena, units->n_para * sizeof *d->para)))
        return ND_ENOMEM;
    if (n_sh && !(d->sh = nd__arena_alloc(arena, n_sh * sizeof *d->sh)))
        return ND_ENOMEM;
    /* each paragraph's fingerprints go straight to where they are kept */
    size_t w = 0;
    for (size_t p = 0; p < units->n_para; p++) {
        const nd__upara *up = &units->para[p];
        d->para[p].hash = up->hash;
        d->para[p].sh_start = (uint32_t)w;
        d->para[p].n_tok = up->n_tok;
        w += nd__shingle_units(sh, units->v + up->start, up->len, d->sh + w);
    }
    d->n_sh = w;
    return ND_OK;
}

int nd__doc_fill(const nd_corpus *c, nd__errbuf *e, const nd__record *r, nd__doc *d,
                 nd__arena *strings, const char **text, size_t *text_len, char **fixed,
                 char **warn)
{
    memset(d, 0, sizeof *d);
    d->para_block = UINT32_MAX;
    d->origin = r->origin;
    d->line = r->line;
    *text = r->text;
    *text_len = r->text_len;
    *fixed = NULL;
    *warn = NULL;
    size_t fixed_len = 0;
    int err = check_utf8(c, e, r->text, r->text_len, r->text_name ? r->text_name : "the text",
                         fixed, &fixed_len);
    if (err < 0)
        return err;
    if (*fixed) {
        *text = *fixed;
        *text_len = fixed_len;
    }
    /* every field must be valid UTF-8 (dedup writes the record as it came);
     * title and url are only ever shown by explanations: kept for them */
    const char *fields[4] = {r->id, r->title, r->source, r->url};
    const int keep[4] = {1, c->opts.keep_text, 1, c->opts.keep_text};
    static const char *const names[4] = {"the id", "the title", "the source", "the url"};
    char **dest[4] = {&d->id, &d->title, &d->source, &d->url};
    for (int i = 0; i < 4 && err == ND_OK; i++) {
        char *fix = NULL;
        size_t flen;
        if (!fields[i])
            continue;
        const size_t len = strlen(fields[i]);
        err = check_utf8(c, e, fields[i], len, names[i], &fix, &flen);
        if (err == ND_OK && keep[i])
            *dest[i] = arena_copy(strings, fix ? fix : fields[i], fix ? flen : len, &err);
        free(fix);
    }
    if (err == ND_OK && r->date && *r->date) {
        /* not fatal: the article is kept, only without a date */
        d->has_date = nd__parse_date(r->date, &d->date) == ND_OK;
        char msg[ND__ERRMSG_SIZE];
        if (!d->has_date) {
            snprintf(msg, sizeof msg, "unrecognized date '%.64s' (kept without a date)",
                     r->date);
            if (!(*warn = nd__strdup(msg)))
                err = ND_ENOMEM;
        }
    }
    if (err == ND_OK && r->raw_kind == ND__RAW_JSON && r->raw) {
        d->raw = arena_copy(strings, r->raw, r->raw_len, &err);
        d->raw_len = r->raw_len;
        d->raw_kind = ND__RAW_JSON;
    } else if (err == ND_OK && r->raw_kind == ND__RAW_TEXT) {
        d->raw = arena_copy(strings, *text, *text_len, &err);
        d->raw_len = *text_len;
        d->raw_kind = ND__RAW_TEXT;
    }
    d->text_len = *text_len;
    if (err == ND_OK && c->opts.keep_text) { /* the text stays on the heap */
        d->text = *fixed ? *fixed : nd__strndup(*text, *text_len);
        *fixed = NULL;
        *text = d->text;
        if (!d->text)
            err = ND_ENOMEM;
    }
    if (err < 0) {
        nd__doc_free(c, d);
        memset(d, 0, sizeof *d);
        free(*fixed);
        free(*warn);
        *fixed = *warn = NULL;
        if (err == ND_ENOMEM)
            nd__fail(e, err, "out of memory");
    }
    return err;
}

int nd__corpus_add_record(nd_corpus *c, const nd__record *r)
{
    if (c->ran)
        return nd__fail(&c->err, ND_ESTATE, "articles cannot be added after the run");
    if (!r->id || !r->text)
        return nd__fail(&c->err, ND_EINVAL, "an article needs an id and a text");
    if (c->n >= UINT32_MAX - 1)
        return nd__fail(&c->err, ND_ERANGE, "too many articles");
    /* the batch in flight reads the array: let it finish before it moves */
    int err = ND_OK;
    if (c->n + 1 > c->cap && (err = nd__batch_join(c)) < 0)
        return err;
    if (nd__big_grow((void **)&c->docs, &c->cap, c->n + 1, sizeof *c->docs))
        return ND_ENOMEM;

    nd__doc *d = &c->docs[c->n];
    const char *text;
    size_t text_len;
    char *fixed = NULL, *warn = NULL;
    if ((err = nd__doc_fill(c, &c->err, r, d, &c->strings, &text, &text_len, &fixed, &warn)) <
        0)
        return err;
    if (warn)
        nd__corpus_warn(c, ND_EPARSE, r->origin, r->line, warn);
    free(warn);
    /* the text waits for its batch (with keep_text it is on the heap) */
    if (!c->opts.keep_text &&
        !(d->text = nd__arena_strndup(&c->text_arena[c->text_fill], text, text_len)))
        err = ND_ENOMEM;
    free(fixed);
    if (err < 0) {
        nd__doc_free(c, d);
        return nd__fail(&c->err, err, "out of memory");
    }
    c->n++;
    c->pending_bytes += text_len;
    c->stats.text_bytes += text_len;
    return nd__batch_added(c);
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
    out->evidence = c->evidence[i];
    out->similarity = c->sim[i];
    out->containment = c->cont[i];
    out->canonical_containment = c->ccont[i];
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

int nd_corpus_find(const nd_corpus *c, const char *id, size_t *out)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->docs[i].id, id) == 0) {
            *out = i;
            return ND_OK;
        }
    return ND_ENOTFOUND;
}

void nd_corpus_stats(const nd_corpus *c, nd_stats *out)
{
    *out = c->stats;
    out->articles = c->n;
    out->candidate_pairs = c->n_candidates;
    out->groups = c->n_groups;
    out->threads = c->threads;
}

const char *nd_evidence_name(nd_evidence e)
{
    switch (e) {
    case ND_EVIDENCE_NONE: return "canonical";
    case ND_EVIDENCE_EXACT: return "exact";
    case ND_EVIDENCE_NEAR: return "near-duplicate";
    case ND_EVIDENCE_CONTAINED: return "contained";
    case ND_EVIDENCE_LEAD: return "lead-paragraph";
    }
    return "unknown";
}
