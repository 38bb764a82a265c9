/*
 * explain.c - why two articles are (or are not) grouped, and which
 * paragraphs were masked as boilerplate: the evidence behind the results,
 * for people checking them.
 */
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "jsonout.h"
#include "lsh.h"
#include "passage.h"
#include "subset.h"
#include "verify.h"

#define MAX_PASSAGES 20
#define EXCERPT_BYTES 300

static cJSON *doc_summary(const nd_corpus *c, size_t i)
{
    const nd__doc *d = &c->docs[i];
    cJSON *o = cJSON_CreateObject();
    size_t masked = 0;
    if (d->masked)
        for (size_t p = 0; p < d->n_para; p++)
            masked += d->masked[p];
    if (!o || nd__add_str(o, "id", d->id) ||
        (d->source && nd__add_str(o, "source", d->source)) ||
        nd__add_num(o, "words", d->n_tok) || nd__add_num(o, "paragraphs", d->n_para) ||
        nd__add_num(o, "masked_paragraphs", (double)masked) ||
        nd__add_num(o, "words_after_masking", d->n_content) ||
        nd__add_num(o, "shingles", (double)d->n_sh) ||
        nd__add_num(o, "lead_paragraph", d->lead_para == UINT32_MAX ? -1.0 : d->lead_para) ||
        !cJSON_AddBoolToObject(o, "short", nd__doc_is_short(c, d))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* A shingle of B: its fingerprint and where it starts. */
typedef struct fpos {
    uint32_t fp, para, pos;
} fpos;

static int cmp_fpos(const void *pa, const void *pb)
{
    const fpos *a = pa, *b = pb;
    if (a->fp != b->fp)
        return a->fp < b->fp ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static const fpos *find_fp(const fpos *t, size_t n, uint32_t fp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].fp < fp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && t[lo].fp == fp ? &t[lo] : NULL;
}

static int in_set(const uint32_t *set, size_t n, uint32_t fp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set[mid] < fp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && set[lo] == fp;
}

/* Normalized words [from, to) of the tokens, for an excerpt. */
static char *excerpt(const nd__tokens *t, size_t from, size_t to)
{
    size_t w = 0;
    char *s = malloc(EXCERPT_BYTES + 8);
    if (!s)
        return NULL;
    for (size_t i = from; i < to && i < t->n; i++) {
        size_t len = t->tok[i].len;
        if (w + len + 5 > EXCERPT_BYTES) {
            memcpy(s + w, " ...", 4);
            w += 4;
            break;
        }
        if (i > from)
            s[w++] = ' ';
        memcpy(s + w, t->text + t->tok[i].off, len);
        w += len;
    }
    s[w] = '\0';
    return s;
}

/* A paragraph's fingerprints, in text order, into out (reset first). */
static int shingle_para(const nd__shingler *sh, const uint64_t *units, size_t n, nd__u32vec *out)
{
    if (nd__grow((void **)&out->v, &out->cap, nd__shingle_count(sh, n) + 1, sizeof *out->v))
        return ND_ENOMEM;
    out->n = nd__shingle_units(sh, units, n, out->v);
    return ND_OK;
}

/* Runs of A's shingles (paragraph by paragraph, as the sets are built)
 * that B's set also holds, reported as passages with their positions in
 * units (words, or characters in chars mode) of each article. */
static int shared_passages(const nd_corpus *c, size_t ia, size_t ib, cJSON *arr)
{
    const nd__doc *a = &c->docs[ia], *b = &c->docs[ib];
    const nd__shingler *sh = &c->shingler;
    nd__norm nm;
    nd__tokens toks = {0};
    nd__units ua = {0}, ub = {0};
    nd__u32vec sv = {0};
    fpos *tb = NULL;
    size_t ntb = 0, cap = 0, found = 0;
    nd__norm_init(&nm);
    /* B first: the tokens left in toks are then A's, for the excerpts */
    int err = nd__normalize(&nm, b->text, b->text_len, &toks);
    if (err == ND_OK)
        err = nd__units_build(sh, &toks, &ub);
    for (size_t p = 0; p < ub.n_para && err == ND_OK; p++) {
        if (b->masked && b->masked[p])
            continue;
        if ((err = shingle_para(sh, ub.v + ub.para[p].start, ub.para[p].len, &sv)) < 0)
            break;
        if (nd__grow((void **)&tb, &cap, ntb + sv.n, sizeof *tb)) {
            err = ND_ENOMEM;
            break;
        }
        for (size_t i = 0; i < sv.n; i++) {
            fpos f = {sv.v[i], (uint32_t)p, ub.para[p].start + (uint32_t)i};
            tb[ntb++] = f;
        }
    }
    if (ntb)
        qsort(tb, ntb, sizeof *tb, cmp_fpos);
    if (err == ND_OK)
        err = nd__normalize(&nm, a->text, a->text_len, &toks);
    if (err == ND_OK)
        err = nd__units_build(sh, &toks, &ua);
    for (size_t p = 0; p < ua.n_para && err == ND_OK && found < MAX_PASSAGES; p++) {
        if (a->masked && a->masked[p])
            continue;
        const nd__upara *up = &ua.para[p];
        if ((err = shingle_para(sh, ua.v + up->start, up->len, &sv)) < 0)
            break;
        for (size_t i = 0; i < sv.n && found < MAX_PASSAGES;) {
            if (!in_set(b->sh, b->n_sh, sv.v[i])) {
                i++;
                continue;
            }
            size_t j = i + 1;
            while (j < sv.n && in_set(b->sh, b->n_sh, sv.v[j]))
                j++;
            size_t len = j - 1 + sh->k - i;
            if (i + len > up->len)
                len = up->len - i;
            const fpos *m = find_fp(tb, ntb, sv.v[i]);
            size_t a0 = up->start + i;
            cJSON *o = cJSON_CreateObject();
            if (!o) {
                err = ND_ENOMEM;
                break;
            }
            cJSON_AddItemToArray(arr, o);
            if (nd__add_num(o, "length", (double)len) || nd__add_num(o, "a_paragraph", (double)p) ||
                nd__add_num(o, "a_start", (double)a0) ||
                nd__add_num(o, "a_end", (double)(a0 + len)) ||
                (m && (nd__add_num(o, "b_paragraph", m->para) ||
                       nd__add_num(o, "b_start", m->pos) ||
                       nd__add_num(o, "b_end", (double)(m->pos + len))))) {
                err = ND_ENOMEM;
                break;
            }
            if (sh->kind == ND_SHINGLE_WORDS) {
                char *ex = excerpt(&toks, a0, a0 + len);
                if (ex && nd__add_str(o, "text", ex))
                    err = ND_ENOMEM;
                free(ex);
            }
            found++;
            i = j;
        }
    }
    free(tb);
    nd__u32vec_free(&sv);
    nd__units_free(&ua);
    nd__units_free(&ub);
    nd__tokens_free(&toks);
    nd__norm_free(&nm);
    return err;
}

/* Fingerprints the passage index would hold for an article. */
static int fingerprints(const nd__doc *d, nd__u32vec *out)
{
    if (nd__grow((void **)&out->v, &out->cap, d->n_sh ? d->n_sh : 1, sizeof *out->v))
        return ND_ENOMEM;
    out->n = nd__passage_keys(d->sh, d->n_sh, d->lead, out->v);
    return ND_OK;
}

int nd_corpus_explain(const nd_corpus *c, size_t i, size_t j, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->group_of)
        return ND_ESTATE;
    if (i >= c->n || j >= c->n)
        return ND_ENOTFOUND;
    const nd__doc *a = &c->docs[i], *b = &c->docs[j];
    const unsigned k = c->opts.num_perm;
    double jac, cab, cba;
    nd_evidence ev = nd__relate(c, i, j, &jac, &cba, &cab);
    /* relate(center=i, x=j) gives the containment of j in i, then of i in j */
    nd__overlap lo = {0, a->n_lead, b->n_lead};
    if (a->n_lead && b->n_lead)
        lo.inter = nd__subset_inter(a->sh, a->lead, a->n_sh, b->sh, b->lead, b->n_sh);
    /* with keep_text every signature is kept; otherwise only their bands'
     * buckets were, for LSH: the sets are, and sign the pair again alike */
    uint32_t *own = NULL;
    const uint32_t *sa, *sb;
    if (c->sigs) {
        sa = c->sigs + i * (size_t)k;
        sb = c->sigs + j * (size_t)k;
    } else {
        if (!(own = malloc(2 * (size_t)k * sizeof *own)))
            return ND_ENOMEM;
        nd__minhash_sign(&c->mh, a->sh, a->n_sh, own);
        nd__minhash_sign(&c->mh, b->sh, b->n_sh, own + k);
        sa = own;
        sb = own + k;
    }
    unsigned bands_equal = 0;
    for (unsigned band = 0; band < c->bands; band++)
        bands_equal += memcmp(sa + (size_t)band * c->rows, sb + (size_t)band * c->rows,
                              c->rows * sizeof *sa) == 0;
    int short_or_empty = nd__doc_is_short(c, a) || nd__doc_is_short(c, b);
    nd__u32vec fa = {0}, fb = {0};
    int err = fingerprints(a, &fa);
    if (err == ND_OK)
        err = fingerprints(b, &fb);
    size_t shared_fp = err == ND_OK ? nd__overlap_of(fa.v, fa.n, fb.v, fb.n).inter : 0;
    nd__u32vec_free(&fa);
    nd__u32vec_free(&fb);
    if (err < 0) {
        free(own);
        return err;
    }

    nd__keep_info ka = nd__doc_keep_info(c, i), kb = nd__doc_keep_info(c, j);
    int key;
    int cmp = nd__keep_compare(&c->keep, &ka, &kb, &key);

    const double estimate = nd__round4(nd__minhash_estimate(sa, sb, k));
    free(own);
    cJSON *o = cJSON_CreateObject(), *x;
    cJSON *lsh = NULL, *pidx = NULL, *grp = NULL, *keep = NULL, *arr = NULL;
    int bad = !o;
    if (!bad) {
        x = doc_summary(c, i);
        bad = !x || !cJSON_AddItemToObject(o, "a", x);
    }
    if (!bad) {
        x = doc_summary(c, j);
        bad = !x || !cJSON_AddItemToObject(o, "b", x);
    }
    bad = bad || nd__add_num(o, "jaccard", nd__round4(jac)) ||
          nd__add_num(o, "minhash_estimate", estimate) ||
          nd__add_num(o, "containment_a_in_b", nd__round4(cab)) ||
          nd__add_num(o, "containment_b_in_a", nd__round4(cba)) ||
          nd__add_num(o, "lead_jaccard", nd__round4(nd__jaccard(lo))) ||
          nd__add_str(o, "evidence", ev == ND_EVIDENCE_NONE ? "none" : nd_evidence_name(ev)) ||
          !(lsh = cJSON_AddObjectToObject(o, "lsh")) ||
          nd__add_num(lsh, "bands", c->bands) || nd__add_num(lsh, "rows", c->rows) ||
          nd__add_num(lsh, "bands_equal", bands_equal) ||
          !cJSON_AddBoolToObject(lsh, "candidate", bands_equal > 0 && !short_or_empty) ||
          nd__add_num(lsh, "probability_at_this_jaccard",
                      nd__round4(nd_lsh_probability(jac, c->bands, c->rows))) ||
          !(pidx = cJSON_AddObjectToObject(o, "passage_index")) ||
          nd__add_num(pidx, "shared_fingerprints", (double)shared_fp) ||
          !cJSON_AddBoolToObject(pidx, "candidate",
                                 shared_fp >= ND__PASSAGE_MIN_SHARED && !short_or_empty) ||
          !(grp = cJSON_AddObjectToObject(o, "groups")) ||
          nd__add_num(grp, "a", (double)c->group_of[i]) ||
          nd__add_num(grp, "b", (double)c->group_of[j]) ||
          !cJSON_AddBoolToObject(grp, "same", c->group_of[i] == c->group_of[j]) ||
          !(keep = cJSON_AddObjectToObject(o, "keep")) ||
          nd__add_str(keep, "policy", c->keep_spec ? c->keep_spec : ND_DEFAULT_KEEP) ||
          nd__add_str(keep, "preferred", cmp <= 0 ? a->id : b->id) ||
          nd__add_str(keep, "because", nd__keep_key_name(&c->keep, key));
    if (!bad && a->text && b->text) {
        bad = !(arr = cJSON_AddArrayToObject(o, "shared_passages")) ||
              nd__add_str(o, "passage_unit",
                          c->shingler.kind == ND_SHINGLE_WORDS ? "word" : "character");
        if (!bad && (err = shared_passages(c, i, j, arr)) < 0) {
            cJSON_Delete(o);
            return err;
        }
    }
    if (bad) {
        cJSON_Delete(o);
        return ND_ENOMEM;
    }
    return nd__emit_json(o, fn, payload);
}

/* ---- boilerplate report ------------------------------------------------- */

typedef struct masked_ref {
    const char *source;
    uint64_t hash;
    uint32_t doc, para, count;
} masked_ref;

static int cmp_masked(const void *pa, const void *pb)
{
    const masked_ref *a = pa, *b = pb;
    int s = strcmp(a->source ? a->source : "", b->source ? b->source : "");
    if (s)
        return s;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return (a->doc > b->doc) - (a->doc < b->doc);
}

/* Most frequent first; then by source and first article, for stable output. */
static int cmp_report(const void *pa, const void *pb)
{
    const masked_ref *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    int s = strcmp(a->source ? a->source : "", b->source ? b->source : "");
    if (s)
        return s;
    if (a->doc != b->doc)
        return a->doc < b->doc ? -1 : 1;
    return (a->para > b->para) - (a->para < b->para);
}

int nd_corpus_write_boilerplate(const nd_corpus *c, nd_write_fn fn, void *payload)
{
    if (!c->ran || !c->group_of || !c->opts.keep_text)
        return ND_ESTATE;
    size_t n = 0, cap = 0;
    masked_ref *refs = NULL;
    for (size_t i = 0; i < c->n; i++) {
        const nd__doc *d = &c->docs[i];
        if (!d->masked)
            continue;
        for (size_t p = 0; p < d->n_para; p++) {
            if (!d->masked[p])
                continue;
            if (nd__grow((void **)&refs, &cap, n + 1, sizeof *refs)) {
                free(refs);
                return ND_ENOMEM;
            }
            masked_ref r = {d->source, d->para[p].hash, (uint32_t)i, (uint32_t)p, 0};
            refs[n++] = r;
        }
    }
    if (n)
        qsort(refs, n, sizeof *refs, cmp_masked);
    /* one entry per paragraph and source: the first article that has it */
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        uint32_t docs = 1;
        while (j < n && refs[j].hash == refs[i].hash &&
               strcmp(refs[j].source ? refs[j].source : "",
                      refs[i].source ? refs[i].source : "") == 0) {
            docs += refs[j].doc != refs[j - 1].doc;
            j++;
        }
        refs[w] = refs[i];
        refs[w++].count = docs;
        i = j;
    }
    if (w)
        qsort(refs, w, sizeof *refs, cmp_report);
    int err = ND_OK;
    nd__norm nm;
    nd__tokens toks = {0};
    nd__norm_init(&nm);
    for (size_t i = 0; i < w && err == ND_OK; i++) {
        /* where the paragraph stands in the text: tokenize it again */
        const nd__doc *d = &c->docs[refs[i].doc];
        if ((err = nd__normalize(&nm, d->text, d->text_len, &toks)) < 0)
            break;
        const nd__para *tp = &toks.para[refs[i].para];
        char *text = nd__strndup(d->text + tp->off, tp->len);
        cJSON *o = cJSON_CreateObject();
        if (!text || !o || nd__add_str(o, "source", d->source ? d->source : "") ||
            nd__add_num(o, "articles", refs[i].count) || nd__add_str(o, "text", text)) {
            cJSON_Delete(o);
            err = ND_ENOMEM;
        } else {
            err = nd__emit_json(o, fn, payload);
        }
        free(text);
    }
    nd__tokens_free(&toks);
    nd__norm_free(&nm);
    free(refs);
    return err;
}
