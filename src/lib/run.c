/*
 * run.c - nd_corpus_run(): everything that needs the whole corpus.
 *   1. mask boilerplate (paragraphs recurring within a source),
 *   2. shingle and sign what is left, and take each opening paragraph,
 *   3. candidates: exact copies, LSH on the signatures, shared passages,
 *   4. verify every candidate on the real shingle sets,
 *   5. stars inside each connected part, canonical by the --keep policy.
 */
#include <stdlib.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "boilerplate.h"
#include "cluster.h"
#include "corpus.h"
#include "lsh.h"
#include "parallel.h"
#include "passage.h"
#include "sort.h"
#include "subset.h"
#include "verify.h"

/* The passage index is built in slices of the key space, so that only a
 * slice of the postings is in memory at a time (one per worker thread);
 * each slice's pair counts are then added to the counts of the others.
 * Each article's postings in a slice are made from its set as the slice is
 * built (nd__passage_slice_run, nd__passage_postings): no keys are stored. */
#define PASSAGE_SLICES (1u << ND__PASSAGE_SLICE_BITS)

int nd__doc_is_short(const nd_corpus *c, const nd__doc *d)
{
    return d->n_content < c->opts.min_words;
}

nd__keep_info nd__doc_keep_info(const nd_corpus *c, size_t i)
{
    const nd__doc *d = &c->docs[i];
    nd__keep_info k = {i, d->has_date, d->date, d->n_content, d->source};
    return k;
}

/* ---- 1. boilerplate ---------------------------------------------------- */


/* The articles grouped by source: order[start[s] .. start[s+1]) are the
 * articles of source s, ascending, holding paras[s] paragraphs in all.
 * Sources are numbered in order of first appearance through a table of
 * their names (linear time); articles without a source form one pool,
 * reported in *pool (or SIZE_MAX). */
typedef struct by_source {
    uint32_t *order;
    size_t *start, *paras;
    size_t n_sources, pool;
} by_source;

static int group_sources(const nd_corpus *c, by_source *bs)
{
    const size_t n = c->n;
    size_t size = 64;
    while (size < 2 * n)
        size *= 2;
    uint32_t *slot = nd__malloc_big(size * sizeof *slot); /* article whose name it is, + 1 */
    uint32_t *id_of_slot = nd__malloc_big(size * sizeof *id_of_slot);
    uint32_t *src_of = nd__malloc_big((n ? n : 1) * sizeof *src_of);
    size_t *count = nd__calloc_big(n + 2, sizeof *count);
    bs->paras = nd__calloc_big(n + 1, sizeof *bs->paras); /* by source: at most n */
    bs->order = nd__malloc_big((n ? n : 1) * sizeof *bs->order);
    bs->start = NULL;
    bs->pool = SIZE_MAX;
    int err = slot && id_of_slot && src_of && count && bs->order && bs->paras ? ND_OK : ND_ENOMEM;
    uint32_t ids = 0;
    if (err == ND_OK) {
        memset(slot, 0, size * sizeof *slot);
        for (size_t i = 0; i < n; i++) {
            const char *name = c->docs[i].source && *c->docs[i].source ? c->docs[i].source : "";
            size_t j = (size_t)XXH3_64bits(name, strlen(name)) & (size - 1);
            while (slot[j]) {
                const char *other = c->docs[slot[j] - 1].source;
                if (strcmp(other && *other ? other : "", name) == 0)
                    break;
                j = (j + 1) & (size - 1);
            }
            if (!slot[j]) {
                slot[j] = (uint32_t)i + 1;
                id_of_slot[j] = ids++;
                if (!*name)
                    bs->pool = id_of_slot[j];
            }
            src_of[i] = id_of_slot[j];
            count[src_of[i] + 1]++;
            bs->paras[src_of[i]] += c->docs[i].n_para;
        }
        if (!(bs->start = nd__malloc_big((ids + 1) * sizeof *bs->start)))
            err = ND_ENOMEM;
    }
    if (err == ND_OK) {
        /* counting sort by source: stable, so articles stay ascending */
        for (size_t s = 0; s < ids; s++)
            count[s + 1] += count[s];
        memcpy(bs->start, count, (ids + 1) * sizeof *bs->start);
        for (size_t i = 0; i < n; i++)
            bs->order[count[src_of[i]]++] = (uint32_t)i;
        bs->n_sources = ids;
    }
    free(slot);
    free(id_of_slot);
    free(src_of);
    free(count);
    return err;
}

/* What a worker masks with, sized for the largest source. */
typedef struct mask_scratch {
    uint64_t *hash;  /* the source's paragraph hashes, article by article */
    uint32_t *start; /* where each article's paragraphs start in hash */
    uint32_t *ntok;  /* their lengths in tokens */
    uint32_t *count; /* articles of the source holding each paragraph */
    nd__bp_counter counter;
} mask_scratch;

typedef struct mask_job {
    nd_corpus *c;
    const by_source *bs;
    uint32_t pool_floor;
    mask_scratch *scratch; /* per worker */
} mask_job;

/* Mask the article by the counts of its paragraphs in its source; its
 * flags go into arena (a worker's, kept with the corpus: a heap object
 * each was a fresh small page per few dozen articles at a million). */
static int mask_doc(const nd_corpus *c, nd__doc *d, const uint32_t *counts, const uint32_t *ntok,
                    uint32_t floor, nd__arena *arena)
{
    /* keep at least a fifth of the article, and never less than what
     * makes an article more than "short" */
    size_t need = d->n_tok / 5;
    if (need < c->opts.min_words)
        need = c->opts.min_words;
    d->mask_level = nd__boilerplate_level(counts, ntok, d->n_para, need, floor);
    if (d->mask_level == UINT32_MAX)
        return ND_OK;
    int any = 0;
    for (size_t p = 0; p < d->n_para; p++)
        any |= counts[p] >= d->mask_level;
    if (!any)
        return ND_OK;
    if (!(d->masked = nd__arena_alloc(arena, d->n_para)))
        return ND_ENOMEM;
    for (size_t p = 0; p < d->n_para; p++)
        d->masked[p] = counts[p] >= d->mask_level;
    return ND_OK;
}

/* Sources [begin, end): count each paragraph's articles, then mask. */
static int mask_sources(size_t begin, size_t end, unsigned worker, void *payload)
{
    mask_job *mj = payload;
    nd_corpus *c = mj->c;
    /* the worker's scratch, used from here: the workers' entries share a
     * cache line, which every count would otherwise pass between them */
    mask_scratch ms = mj->scratch[worker];
    int err = ND_OK;
    for (size_t s = begin; s < end && err == ND_OK; s++) {
        const uint32_t *docs = mj->bs->order + mj->bs->start[s];
        size_t n = mj->bs->start[s + 1] - mj->bs->start[s], w = 0;
        /* the paragraphs, read once: a source's articles lie far apart, and
         * every article is a cache miss or two at a million */
        for (size_t i = 0; i < n; i++) {
            if (i + 16 < n) { /* the fields read here lie on one or two lines */
                __builtin_prefetch(&c->docs[docs[i + 16]].para);
                __builtin_prefetch(&c->docs[docs[i + 16]].n_para);
            }
            if (i + 8 < n) {
                const nd__doc *ahead = &c->docs[docs[i + 8]];
                for (size_t b = 0; b < 4 && b * 4 < ahead->n_para; b++)
                    __builtin_prefetch(ahead->para + 4 * b);
            }
            const nd__doc *d = &c->docs[docs[i]];
            ms.start[i] = (uint32_t)w;
            for (size_t p = 0; p < d->n_para; p++, w++) {
                ms.hash[w] = d->para[p].hash;
                ms.ntok[w] = d->para[p].n_tok;
            }
        }
        ms.start[n] = (uint32_t)w;
        err = nd__bp_count_articles(&ms.counter, ms.hash, ms.start, n, ms.count);
        uint32_t floor = s == mj->bs->pool ? mj->pool_floor : nd__boilerplate_floor(1, n);
        for (size_t i = 0; i < n && err == ND_OK; i++) {
            if (i + 8 < n) {
                __builtin_prefetch(&c->docs[docs[i + 8]].n_tok, 1);
                __builtin_prefetch(&c->docs[docs[i + 8]].masked, 1);
            }
            err = mask_doc(c, &c->docs[docs[i]], ms.count + ms.start[i], ms.ntok + ms.start[i],
                           floor, &c->scratch[worker].sets);
        }
    }
    mj->scratch[worker] = ms; /* its memory, for the next sources and the free */
    return err;
}

static void mask_scratch_free(mask_scratch *ms, size_t most_paras, size_t most_docs)
{
    nd__temp_free(ms->hash, most_paras * sizeof *ms->hash);
    nd__temp_free(ms->start, (most_docs + 1) * sizeof *ms->start);
    nd__temp_free(ms->ntok, most_paras * sizeof *ms->ntok);
    nd__temp_free(ms->count, most_paras * sizeof *ms->count);
    nd__bp_counter_free(&ms->counter);
}

static int mask_boilerplate(nd_corpus *c)
{
    by_source bs = {0};
    size_t most_paras = 1, most_docs = 1;
    const unsigned w = c->threads;
    mask_job mj = {c, &bs, 0, calloc(w, sizeof(mask_scratch))};
    int err = mj.scratch ? group_sources(c, &bs) : ND_ENOMEM;
    for (size_t s = 0; s < bs.n_sources && err == ND_OK; s++) {
        const size_t paras = bs.paras[s], n = bs.start[s + 1] - bs.start[s];
        if (paras > UINT32_MAX) /* paragraphs are counted in 32 bits */
            err = nd__fail(&c->err, ND_ERANGE, "too many paragraphs in one source");
        most_paras = paras > most_paras ? paras : most_paras;
        most_docs = n > most_docs ? n : most_docs;
    }
    for (unsigned t = 0; t < w && err == ND_OK; t++) {
        mask_scratch *ms = &mj.scratch[t];
        if (!(ms->hash = nd__temp_alloc(most_paras * sizeof *ms->hash)) ||
            !(ms->start = nd__temp_alloc((most_docs + 1) * sizeof *ms->start)) ||
            !(ms->ntok = nd__temp_alloc(most_paras * sizeof *ms->ntok)) ||
            !(ms->count = nd__temp_alloc(most_paras * sizeof *ms->count)))
            err = ND_ENOMEM;
    }
    if (err == ND_OK) {
        size_t pool = bs.pool == SIZE_MAX ? 0 : bs.start[bs.pool + 1] - bs.start[bs.pool];
        mj.pool_floor = nd__boilerplate_floor(0, pool);
        err = nd__parallel_for(c->pool, w, bs.n_sources, 1, mask_sources, &mj);
    }
    for (unsigned t = 0; t < w && mj.scratch; t++)
        mask_scratch_free(&mj.scratch[t], most_paras, most_docs);
    free(mj.scratch);
    free(bs.order);
    free(bs.start);
    free(bs.paras);
    return err;
}

/* ---- 2. shingle and sign ----------------------------------------------- */

/* Sort and deduplicate v[0..n) with scratch; returns the new length. */
static size_t sort_set(uint32_t *v, size_t n, nd__u32vec *tmp)
{
    if (n >= 2) {
        if (nd__grow((void **)&tmp->v, &tmp->cap, n, sizeof *tmp->v) == ND_OK)
            nd__sort_u32(v, tmp->v, n);
        else
            nd__u32_sort_unique(v, &n); /* allocates its own, or qsorts */
    }
    return nd__unique_u32(v, n);
}

/* Articles a worker signs at a time (a chunk of nd__parallel_for), and
 * reads back from the spill file at a time. */
#define SIGN_GRAIN 256

/* The spilled fingerprints of a chunk of articles, read back together. */
typedef struct spilled {
    uint32_t *v; /* NULL: each article is read alone */
    uint64_t off; /* where v starts in the spill file */
} spilled;

/* Articles are spilled in input order, so those of articles [begin, end)
 * lie one after another in the file: one read brings them all back into
 * raw, where a read per article cost more than the copy (a million calls
 * at a million articles). Not done when they do not lie together, would
 * take more than c->spill_span bytes of scratch (a chunk of huge
 * articles), or that scratch cannot be had: each is then read alone. */
static int read_spilled(nd_corpus *c, size_t begin, size_t end, nd__u32vec *raw, spilled *out)
{
    uint64_t lo = UINT64_MAX, hi = 0, total = 0;
    out->v = NULL;
    for (size_t i = begin; i < end; i++) {
        const nd__doc *d = &c->docs[i];
        if (d->sh || !d->n_sh)
            continue;
        const uint64_t len = d->n_sh * sizeof *d->sh;
        lo = d->spill_off < lo ? d->spill_off : lo;
        hi = d->spill_off + len > hi ? d->spill_off + len : hi;
        total += len;
    }
    if (total == 0 || hi - lo != total || total > c->spill_span)
        return ND_OK;
    if (nd__grow((void **)&raw->v, &raw->cap, (size_t)total / sizeof *raw->v, sizeof *raw->v))
        return ND_OK;
    if (nd__spill_read(&c->spill, lo, raw->v, (size_t)total) < 0)
        return ND_EIO;
    out->v = raw->v;
    out->off = lo;
    return ND_OK;
}

/* Whether two sets are the same: the same memory (shared), or equal. */
static int same_set(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    return na == nb && (a == b || memcmp(a, b, na * sizeof *a) == 0);
}

/* A set kept already that equals v[0..d->n_sh) (d->key[0] its hash), or
 * NULL. */
static uint32_t *shared_set(const nd_corpus *c, const nd__doc *d, const uint32_t *v)
{
    nd__setshare_cursor cur = {0, 0};
    for (uint32_t i; (i = nd__setshare_next(&c->share, d->key[0], &cur)) != UINT32_MAX;) {
        const nd__doc *o = &c->docs[i];
        if (same_set(o->sh, o->n_sh, v, d->n_sh))
            return o->sh;
    }
    return NULL;
}

/* The article's set: the unmasked paragraphs' fingerprints (read back from
 * the spill file, with its chunk's in sp or alone), sorted and made
 * unique; plus its opening paragraph as bits over the set, its key and its
 * signature. */
static int sign_doc(nd_corpus *c, nd__doc *d, uint32_t *sig, nd__scratch *sc, const spilled *sp)
{
    nd__u32vec *tmp = &sc->tmp, *raw = &sc->raw;
    /* the raw fingerprints are still in memory (d->sh), or come back from
     * the spill file into scratch; the set is built in place and only its
     * final size is allocated */
    uint32_t *sh = d->sh;
    if (!sh && d->n_sh && sp->v) {
        sh = sp->v + (d->spill_off - sp->off) / sizeof *sh;
    } else if (!sh) {
        if (nd__grow((void **)&raw->v, &raw->cap, d->n_sh ? d->n_sh : 1, sizeof *raw->v))
            return ND_ENOMEM;
        if (d->n_sh &&
            nd__spill_read(&c->spill, d->spill_off, raw->v, d->n_sh * sizeof *raw->v) < 0)
            return ND_EIO;
        sh = raw->v;
    }
    XXH3_state_t st;
    XXH3_INITSTATE(&st); /* reset reads the seed field: start it defined */
    XXH3_128bits_reset_withSeed(&st, c->opts.seed);
    size_t w = 0, n_lead = 0; /* the opening paragraph's, sorted in sc->lead */
    d->n_content = 0;
    d->lead_para = UINT32_MAX;
    for (size_t p = 0; p < d->n_para; p++) {
        size_t start = d->para[p].sh_start;
        size_t end = p + 1 < d->n_para ? d->para[p + 1].sh_start : d->n_sh;
        if (d->masked && d->masked[p])
            continue;
        d->n_content += d->para[p].n_tok;
        unsigned char h[8];
        nd__store_le64(h, d->para[p].hash);
        XXH3_128bits_update(&st, h, sizeof h);
        if (d->lead_para == UINT32_MAX && c->opts.lead_words &&
            d->para[p].n_tok >= c->opts.lead_words) {
            d->lead_para = (uint32_t)p;
            if (end > start) {
                if (nd__grow((void **)&sc->lead.v, &sc->lead.cap, end - start, sizeof *sh))
                    return ND_ENOMEM;
                memcpy(sc->lead.v, sh + start, (end - start) * sizeof *sh);
                n_lead = sort_set(sc->lead.v, end - start, tmp);
            }
        }
        if (w != start) /* w <= start: moving down never overwrites unread data */
            memmove(sh + w, sh + start, (end - start) * sizeof *sh);
        w += end - start;
    }
    d->n_sh = sort_set(sh, w, tmp);
    d->lead = NULL;
    d->n_lead = 0;
    const int is_short = nd__doc_is_short(c, d);
    if (is_short) {
        /* short articles match exact copies only: key on the paragraphs */
        XXH128_hash_t h = XXH3_128bits_digest(&st);
        d->key[0] = h.low64;
        d->key[1] = h.high64;
        d->lead_para = UINT32_MAX;
    } else {
        /* the set as bytes: the same on every little-endian machine */
        XXH128_hash_t h = XXH3_128bits_withSeed(sh, d->n_sh * sizeof *sh, c->opts.seed);
        d->key[0] = h.low64;
        d->key[1] = h.high64;
        if (n_lead) { /* the opening paragraph is part of the set: its bits */
            const size_t words = nd__subset_words(d->n_sh);
            if (!(d->lead = nd__arena_alloc(&sc->sets, words * sizeof *d->lead)))
                return ND_ENOMEM;
            memset(d->lead, 0, words * sizeof *d->lead);
            d->n_lead = nd__subset_mark(sh, d->n_sh, sc->lead.v, n_lead, d->lead);
        }
    }
    if (sh != d->sh && d->n_sh) { /* read back from the spill file */
        uint32_t *same = is_short ? NULL : shared_set(c, d, sh);
        if (same) {
            d->sh = same; /* (sets are never written once kept) */
        } else {
            if (!(d->sh = nd__arena_alloc(&sc->sets, d->n_sh * sizeof *d->sh)))
                return ND_ENOMEM;
            memcpy(d->sh, sh, d->n_sh * sizeof *d->sh);
        }
    }
    if (!is_short && d->n_sh) /* d->sh and d->n_sh are final: others may look */
        nd__setshare_publish(&c->share, d->key[0], (uint32_t)(d - c->docs));
    /* explanations (keep_text) read every signature; otherwise only the
     * representatives of exact copies are signed, once they are known
     * (reps_pass): the others never enter LSH, and densifying the nearly
     * empty one-permutation sketch of a short article is the costliest
     * signing there is */
    if (c->opts.keep_text)
        nd__minhash_sign(&c->mh, d->sh, d->n_sh, sig);
    return ND_OK;
}

/* A representative as the passage index reads it: its set and its
 * opening paragraph's bits over the set, its keys taken from them a slice
 * at a time as the index is built. Stored, the keys were 0.37 GB at a
 * million articles, all of it new memory at the run's peak. */
typedef struct rep_sets {
    const uint32_t *sh;
    const uint64_t *lead; /* d->lead: a bit per member of sh */
    uint32_t n_sh, n_lead;
} rep_sets;

typedef struct reps_job {
    nd_corpus *c;
    const uint32_t *reps;
    size_t n_reps;
    uint32_t *buckets; /* c->bands per representative: [band][r] */
    rep_sets *sets;    /* NULL: no passage index */
} reps_job;

static int reps_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    const reps_job *rj = payload;
    nd_corpus *c = rj->c;
    nd__scratch *sc = &c->scratch[worker];
    const size_t k = c->opts.num_perm;
    if (!c->opts.keep_text && nd__grow((void **)&sc->sig.v, &sc->sig.cap, k, sizeof *sc->sig.v))
        return ND_ENOMEM;
    for (size_t r = begin; r < end; r++) {
        const nd__doc *d = &c->docs[rj->reps[r]];
        /* with keep_text every article is signed already, for explanations;
         * otherwise the signature only lives until its bands are bucketed */
        const uint32_t *sig = sc->sig.v;
        if (c->opts.keep_text)
            sig = c->sigs + rj->reps[r] * k;
        else
            nd__minhash_sign(&c->mh, d->sh, d->n_sh, sc->sig.v);
        nd__lsh_buckets(sig, c->bands, c->rows, c->opts.seed, rj->buckets + r, rj->n_reps);
        if (rj->sets) {
            if (d->n_sh > UINT32_MAX) /* (n_lead <= n_sh) */
                return ND_ERANGE;
            rj->sets[r] = (rep_sets){d->sh, d->lead, (uint32_t)d->n_sh, (uint32_t)d->n_lead};
        }
    }
    return ND_OK;
}

/* What the representatives of exact copies need: their bands' buckets
 * (buckets, c->bands * n_reps), and their sets in sets unless sets is
 * NULL. */
static int reps_pass(nd_corpus *c, const uint32_t *reps, size_t n_reps, uint32_t *buckets,
                     rep_sets *sets)
{
    reps_job rj = {c, reps, n_reps, buckets, sets};
    return nd__parallel_for(c->pool, c->threads, n_reps, 256, reps_range, &rj);
}

static int sign_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    nd_corpus *c = payload;
    const size_t k = c->opts.num_perm;
    spilled sp; /* the range is one chunk: SIGN_GRAIN articles at most */
    int err = read_spilled(c, begin, end, &c->scratch[worker].raw, &sp);
    if (err < 0)
        return err;
    for (size_t i = begin; i < end; i++) {
        nd__doc *d = &c->docs[i];
        err = sign_doc(c, d, c->sigs ? c->sigs + i * k : NULL, &c->scratch[worker], &sp);
        if (err < 0)
            return err;
        if (!c->opts.keep_text) { /* only reports and explanations need these */
            if (d->para_block != UINT32_MAX) /* the last of a block gives it back */
                nd__blocks_release(&c->paras, d->para_block);
            d->para = NULL; /* otherwise in a kept arena, freed with the corpus */
        }
    }
    return ND_OK;
}

static int sign_all(nd_corpus *c)
{
    const size_t k = c->opts.num_perm;
    if (c->n && c->opts.keep_text) { /* explanations estimate from them */
        c->sigs_cap = c->n * k * sizeof *c->sigs;
        if (!(c->sigs = nd__big_alloc(c->sigs_cap)))
            return ND_ENOMEM;
    }
    /* only sets read back from the spill file are new memory to spare;
     * without the table (no memory for it) each is simply kept */
    if (c->spill.end > 0)
        (void)nd__setshare_init(&c->share, c->n);
    nd__corpus_progress(c, "sign", 0, c->n);
    int err = nd__parallel_for(c->pool, c->threads, c->n, SIGN_GRAIN, sign_range, c);
    nd__corpus_progress(c, "sign", c->n, c->n);
    nd__setshare_free(&c->share);
    for (unsigned t = 0; t < c->threads; t++) { /* raw: up to c->spill_span */
        nd__u32vec_free(&c->scratch[t].raw);
        nd__u32vec_free(&c->scratch[t].lead);
    }
    nd__recycler_drain(&c->recycler); /* nothing takes blocks from here on */
    return err;
}

/* ---- 3 and 4. candidates and verification ------------------------------ */

nd_evidence nd__relate(const nd_corpus *c, size_t center, size_t x, double *jaccard,
                       double *cont_x, double *cont_c)
{
    const nd__doc *dc = &c->docs[center], *dx = &c->docs[x];
    *jaccard = *cont_x = *cont_c = 0.0;
    if (dc->n_content == 0 || dx->n_content == 0)
        return ND_EVIDENCE_NONE; /* no words: never similar to anything */
    if (nd__doc_is_short(c, dc) || nd__doc_is_short(c, dx)) {
        if (nd__doc_is_short(c, dc) && nd__doc_is_short(c, dx) &&
            dc->key[0] == dx->key[0] && dc->key[1] == dx->key[1]) {
            *jaccard = *cont_x = *cont_c = 1.0;
            return ND_EVIDENCE_EXACT;
        }
        return ND_EVIDENCE_NONE;
    }
    nd__overlap o = nd__overlap_of(dx->sh, dx->n_sh, dc->sh, dc->n_sh);
    *jaccard = nd__jaccard(o);
    *cont_x = nd__containment(o);
    *cont_c = o.nb ? (double)o.inter / (double)o.nb : 0.0;
    if (o.inter == o.na && o.na == o.nb)
        return ND_EVIDENCE_EXACT;
    if (*jaccard >= c->opts.threshold)
        return ND_EVIDENCE_NEAR;
    double cmax = *cont_x > *cont_c ? *cont_x : *cont_c;
    /* a containment claim needs enough shared text to mean something */
    if (c->opts.containment > 0.0 && cmax >= c->opts.containment &&
        o.inter >= (c->opts.lead_words ? c->opts.lead_words : c->opts.min_words))
        return ND_EVIDENCE_CONTAINED;
    if (dc->n_lead && dx->n_lead) {
        nd__overlap lo = {nd__subset_inter(dx->sh, dx->lead, dx->n_sh, dc->sh, dc->lead, dc->n_sh),
                          dx->n_lead, dc->n_lead};
        if (nd__jaccard(lo) >= c->opts.threshold)
            return ND_EVIDENCE_LEAD;
    }
    return ND_EVIDENCE_NONE;
}

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

/* Sort (*kv)[0, m) by key, then article: a radix sort on the top half of
 * k0 (a million keys take four passes, where qsort's comparisons took a
 * third of a second on one thread), then each run of equal top halves
 * (the copies of one text, and chance) by the whole order. On failure
 * *kv is left as it was. @return ND_OK or ND_ENOMEM. */
static int sort_keyed(keyed **kv, size_t m)
{
    uint64_t *rec = nd__malloc_big((m ? m : 1) * sizeof *rec);
    uint64_t *tmp = nd__malloc_big((m ? m : 1) * sizeof *tmp);
    keyed *out = nd__malloc_big((m ? m : 1) * sizeof *out);
    if (!rec || !tmp || !out) {
        free(rec);
        free(tmp);
        free(out);
        return ND_ENOMEM;
    }
    for (size_t i = 0; i < m; i++)
        rec[i] = ((*kv)[i].k0 & 0xFFFFFFFF00000000ULL) | i; /* m < 2^32 */
    nd__sort_u64_hi32(rec, tmp, m);
    for (size_t i = 0; i < m; i++)
        out[i] = (*kv)[(uint32_t)rec[i]];
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && rec[j] >> 32 == rec[i] >> 32)
            j++;
        if (j - i > 1)
            qsort(out + i, j - i, sizeof *out, cmp_keyed);
        i = j;
    }
    free(rec);
    free(tmp);
    free(*kv);
    *kv = out;
    return ND_OK;
}

/* Join exact copies and list one representative per set of copies (in
 * input order) for the candidate stages. */
static int join_exact(nd_corpus *c, nd__uf *uf, uint32_t **reps_out, size_t *n_reps_out)
{
    keyed *kv = nd__malloc_big((c->n ? c->n : 1) * sizeof *kv);
    uint32_t *reps = nd__malloc_big((c->n ? c->n : 1) * sizeof *reps);
    if (!kv || !reps) {
        free(kv);
        free(reps);
        return ND_ENOMEM;
    }
    size_t m = 0, n_reps = 0;
    int err;
    for (size_t i = 0; i < c->n; i++) {
        const nd__doc *d = &c->docs[i];
        if (d->n_content == 0)
            continue;
        kv[m].k0 = d->key[0];
        /* the tag bit keeps a short article's key apart from set keys */
        kv[m].k1 = (d->key[1] & ~(uint64_t)1) | (uint64_t)nd__doc_is_short(c, d);
        kv[m].doc = (uint32_t)i;
        m++;
    }
    err = sort_keyed(&kv, m);
    if (err < 0) {
        free(kv);
        free(reps);
        return err;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        const nd__doc *a = &c->docs[kv[i].doc];
        while (j < m && kv[j].k0 == kv[i].k0 && kv[j].k1 == kv[i].k1) {
            const nd__doc *b = &c->docs[kv[j].doc];
            /* a 128-bit key collision is not taken on trust for long texts */
            if (nd__doc_is_short(c, a) || same_set(a->sh, a->n_sh, b->sh, b->n_sh))
                nd__uf_union(uf, kv[i].doc, kv[j].doc);
            j++;
        }
        if (!nd__doc_is_short(c, a))
            reps[n_reps++] = kv[i].doc;
        i = j;
    }
    free(kv);
    nd__u32_sort_unique(reps, &n_reps); /* one per set of copies: already unique */
    *reps_out = reps;
    *n_reps_out = n_reps;
    return ND_OK;
}

/* The slices [first, first + count) indexed by the workers at once. */
typedef struct slice_job {
    const rep_sets *sets;  /* every representative's sets */
    const uint32_t *reps;
    size_t n_reps;
    unsigned first;
    /* per worker: postings and their sort's scratch (cap of each) */
    nd__posting **posts, **tmp;
    size_t *cap;
    nd__u64vec *sort_tmp;       /* per worker */
    nd__u64vec *occ;            /* per slice of the group */
    nd__pair_counts *runs;      /* per slice of the group: its pair counts */
} slice_job;

#define SLICE_AHEAD 8

/* Room for need postings in the worker's buffers, keeping the first n. */
static int posts_reserve(slice_job *sj, unsigned worker, size_t n, size_t need)
{
    const size_t cap = sj->cap[worker];
    if (need <= cap)
        return ND_OK;
    size_t grown = need > cap + cap / 2 ? need : cap + cap / 2;
    if (grown > SIZE_MAX / sizeof(nd__posting))
        return ND_ENOMEM;
    nd__posting *p = nd__temp_alloc(grown * sizeof *p), *t = nd__temp_alloc(grown * sizeof *t);
    if (!p || !t) {
        nd__temp_free(p, grown * sizeof *p);
        nd__temp_free(t, grown * sizeof *t);
        return ND_ENOMEM;
    }
    if (n)
        memcpy(p, sj->posts[worker], n * sizeof *p);
    nd__temp_free(sj->posts[worker], cap * sizeof *p);
    nd__temp_free(sj->tmp[worker], cap * sizeof *t);
    sj->posts[worker] = p;
    sj->tmp[worker] = t;
    sj->cap[worker] = grown;
    return ND_OK;
}

static int slice_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    slice_job *sj = payload;
    for (size_t g = begin; g < end; g++) {
        const unsigned slice = sj->first + (unsigned)g;
        size_t n = 0;
        for (size_t r = 0; r < sj->n_reps; r++) {
            /* an article's sets are a cache miss away at a million (the
             * sets are gigabytes): ask for those of an article some way
             * ahead, so that the misses overlap */
            if (r + SLICE_AHEAD < sj->n_reps) {
                const rep_sets *a = &sj->sets[r + SLICE_AHEAD];
                if (a->n_sh)
                    __builtin_prefetch(a->sh + nd__passage_slice_guess(a->n_sh, slice));
                if (a->lead)
                    __builtin_prefetch(a->lead + nd__passage_slice_guess(a->n_sh, slice) / 64);
            }
            const rep_sets *rs = &sj->sets[r];
            size_t from, to;
            nd__passage_slice_run(rs->sh, rs->n_sh, slice, &from, &to);
            if (from == to)
                continue;
            if (posts_reserve(sj, worker, n, n + (to - from)))
                return ND_ENOMEM;
            n += nd__passage_postings(rs->sh, rs->lead, from, to, sj->reps[r],
                                      sj->posts[worker] + n);
        }
        int err = nd__passage_occurrences(sj->posts[worker], sj->tmp[worker], n,
                                          ND__PASSAGE_MAX_LIST, &sj->occ[g]);
        if (err == ND_OK) /* keep counts per distinct pair, not occurrences */
            err = nd__passage_fold(&sj->occ[g], &sj->sort_tmp[worker], &sj->runs[g]);
        if (err < 0)
            return err;
    }
    return ND_OK;
}

static int passage_candidates(nd_corpus *c, const uint32_t *reps, size_t n_reps,
                              const rep_sets *sets, nd__u64vec *pairs)
{
    nd__pair_counts acc = {0}; /* every slice's counts so far */
    int err = ND_OK;
    /* a slice's postings, as the sampling expects them (1 in 2^bits
     * fingerprints, every one of an opening paragraph) and a quarter more:
     * a slice that holds more grows its buffers */
    uint64_t expect = 0;
    for (size_t r = 0; r < n_reps; r++)
        expect += (sets[r].n_sh >> ND__PASSAGE_SAMPLE_BITS) + sets[r].n_lead;
    expect = expect / PASSAGE_SLICES + expect / (4 * PASSAGE_SLICES) + 1;
    const unsigned workers = c->threads < PASSAGE_SLICES ? c->threads : PASSAGE_SLICES;
    /* every buffer below is made once and reused by slice after slice */
    nd__posting *posts[PASSAGE_SLICES] = {NULL}, *tmp[PASSAGE_SLICES] = {NULL};
    size_t cap[PASSAGE_SLICES] = {0};
    nd__u64vec sort_tmp[PASSAGE_SLICES], occ[PASSAGE_SLICES];
    nd__pair_counts runs[PASSAGE_SLICES];
    memset(sort_tmp, 0, sizeof sort_tmp);
    memset(occ, 0, sizeof occ);
    memset(runs, 0, sizeof runs);
    slice_job sj = {sets, reps, n_reps, 0, posts, tmp, cap, sort_tmp, occ, runs};
    for (unsigned w = 0; w < workers && err == ND_OK; w++)
        err = posts_reserve(&sj, w, 0, (size_t)expect);
    for (unsigned first = 0; first < PASSAGE_SLICES && err == ND_OK; first += workers) {
        unsigned count = PASSAGE_SLICES - first < workers ? PASSAGE_SLICES - first : workers;
        sj.first = first;
        err = nd__parallel_for(c->pool, workers, count, 1, slice_range, &sj);
        /* add in slice order: the sums are the same in any order anyway */
        for (unsigned g = 0; g < count && err == ND_OK; g++)
            err = nd__pair_counts_merge(&acc, &runs[g]);
    }
    for (unsigned w = 0; w < workers; w++) {
        nd__temp_free(posts[w], cap[w] * sizeof *posts[w]);
        nd__temp_free(tmp[w], cap[w] * sizeof *tmp[w]);
    }
    for (unsigned g = 0; g < PASSAGE_SLICES; g++) {
        nd__u64vec_free(&sort_tmp[g]);
        nd__u64vec_free(&occ[g]);
        nd__pair_counts_free(&runs[g]);
    }
    if (err == ND_OK)
        err = nd__pair_counts_select(&acc, ND__PASSAGE_MIN_SHARED, pairs);
    nd__pair_counts_free(&acc);
    return err;
}

typedef struct verify_job {
    nd_corpus *c;
    const uint64_t *pairs;
    uint8_t *linked;
} verify_job;

static int verify_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    (void)worker;
    verify_job *vj = payload;
    for (size_t i = begin; i < end; i++) {
        double j, ca, cb;
        vj->linked[i] = nd__relate(vj->c, (uint32_t)(vj->pairs[i] >> 32), (uint32_t)vj->pairs[i],
                                   &j, &ca, &cb) != ND_EVIDENCE_NONE;
    }
    return ND_OK;
}

/* Takes the buckets (buckets_bytes, nd__big_alloc) and frees them as soon
 * as LSH is done, before the passage index needs its memory. */
static int link_candidates(nd_corpus *c, nd__uf *uf, const uint32_t *reps, size_t n_reps,
                           uint32_t *buckets, size_t buckets_bytes, const rep_sets *sets)
{
    nd__u64vec pairs = {0};
    nd__corpus_progress(c, "candidates", 0, n_reps);
    int err = nd__lsh_candidates_mt(buckets, reps, n_reps, c->bands, c->pool, c->threads, &pairs);
    nd__big_free(buckets, buckets_bytes);
    if (err == ND_OK && sets)
        err = passage_candidates(c, reps, n_reps, sets, &pairs);
    if (err < 0) {
        nd__u64vec_free(&pairs);
        return err;
    }
    nd__u64_sort_unique(pairs.v, &pairs.n);
    nd__corpus_progress(c, "candidates", n_reps, n_reps);
    /* verify in parallel into one flag per pair, then join in pair order */
    verify_job vj = {c, pairs.v, pairs.n ? nd__malloc_big(pairs.n) : NULL};
    if (pairs.n && !vj.linked) {
        nd__u64vec_free(&pairs);
        return ND_ENOMEM;
    }
    nd__corpus_progress(c, "verify", 0, pairs.n);
    double t0 = nd__now();
    err = nd__parallel_for(c->pool, c->threads, pairs.n, 1024, verify_range, &vj);
    c->stats.verify_s = nd__now() - t0;
    for (size_t i = 0; i < pairs.n && err == ND_OK; i++)
        if (vj.linked[i])
            nd__uf_union(uf, (uint32_t)(pairs.v[i] >> 32), (uint32_t)pairs.v[i]);
    nd__corpus_progress(c, "verify", pairs.n, pairs.n);
    c->n_candidates = pairs.n;
    free(vj.linked);
    nd__u64vec_free(&pairs);
    return err;
}

/* ---- 5. groups ---------------------------------------------------------- */

/* The star's test of x against a center. What it finds is kept in x's
 * result slots: the test that makes x join a center is the last one x
 * takes part in as x, and that center becomes x's canonical, so the scores
 * shown need no second comparison (build_groups). */
static int relate_cb(uint32_t center, uint32_t x, void *payload)
{
    nd_corpus *c = payload;
    c->evidence[x] = nd__relate(c, center, x, &c->sim[x], &c->cont[x], &c->ccont[x]);
    return c->evidence[x] != ND_EVIDENCE_NONE;
}

/* Sort members best first by the keep policy (qsort needs the corpus). */
typedef struct ranked {
    const nd_corpus *c;
    uint32_t doc;
} ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    nd__keep_info x = nd__doc_keep_info(a->c, a->doc), y = nd__doc_keep_info(b->c, b->doc);
    return nd__keep_compare(&a->c->keep, &x, &y, NULL);
}

/* Per worker: room for the largest part. */
typedef struct star_buf {
    ranked *rk;
    uint32_t *members, *out;
} star_buf;

typedef struct star_job {
    nd_corpus *c;
    const uint32_t *order;  /* articles, part after part */
    const size_t *parts;    /* start of each part of two or more in order */
    const size_t *sizes;
    star_buf *buf;
    uint32_t *center;
} star_job;

static int star_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    star_job *sj = payload;
    star_buf *b = &sj->buf[worker];
    for (size_t p = begin; p < end; p++) {
        size_t lo = sj->parts[p], size = sj->sizes[p];
        for (size_t i = 0; i < size; i++) {
            b->rk[i].c = sj->c;
            b->rk[i].doc = sj->order[lo + i];
        }
        qsort(b->rk, size, sizeof *b->rk, cmp_ranked);
        for (size_t i = 0; i < size; i++)
            b->members[i] = b->rk[i].doc;
        nd__star(b->members, size, relate_cb, sj->c, b->out);
        for (size_t i = 0; i < size; i++)
            sj->center[b->members[i]] = b->out[i];
    }
    return ND_OK;
}

/* Each connected part of the verified graph is split into stars; the
 * result is, per article, the center (canonical) it belongs to. */
static int stars(nd_corpus *c, nd__uf *uf, uint32_t *center)
{
    const size_t n = c->n, alloc = n ? n : 1;
    uint32_t *order = nd__malloc_big(alloc * sizeof *order); /* articles by part */
    size_t *start = nd__calloc_big(n + 1, sizeof *start);
    size_t *fill = nd__calloc_big(alloc, sizeof *fill);
    size_t *parts = nd__malloc_big(alloc * sizeof *parts);
    size_t *sizes = nd__malloc_big(alloc * sizeof *sizes);
    star_buf *buf = calloc(c->threads, sizeof *buf);
    /* the results the stars' comparisons fill (relate_cb) */
    c->evidence = nd__malloc_big(alloc * sizeof *c->evidence);
    c->sim = nd__malloc_big(alloc * sizeof *c->sim);
    c->cont = nd__malloc_big(alloc * sizeof *c->cont);
    c->ccont = nd__malloc_big(alloc * sizeof *c->ccont);
    int err = order && start && fill && parts && sizes && buf && c->evidence && c->sim &&
                      c->cont && c->ccont
                  ? ND_OK
                  : ND_ENOMEM;
    size_t n_parts = 0, largest = 0;
    if (err == ND_OK) {
        /* counting sort of the articles by root: parts come out contiguous */
        for (size_t i = 0; i < n; i++)
            start[nd__uf_find(uf, (uint32_t)i) + 1]++;
        for (size_t i = 0; i < n; i++)
            start[i + 1] += start[i];
        for (size_t i = 0; i < n; i++) {
            uint32_t r = nd__uf_find(uf, (uint32_t)i);
            order[start[r] + fill[r]++] = (uint32_t)i;
        }
        for (size_t r = 0; r < n; r++) {
            size_t size = start[r + 1] - start[r];
            if (size == 1)
                center[order[start[r]]] = order[start[r]];
            if (size < 2)
                continue;
            parts[n_parts] = start[r];
            sizes[n_parts++] = size;
            largest = size > largest ? size : largest;
        }
        for (unsigned t = 0; t < c->threads && err == ND_OK; t++) {
            buf[t].rk = nd__malloc_big((largest ? largest : 1) * sizeof *buf[t].rk);
            buf[t].members = nd__malloc_big((largest ? largest : 1) * sizeof *buf[t].members);
            buf[t].out = nd__malloc_big((largest ? largest : 1) * sizeof *buf[t].out);
            if (!buf[t].rk || !buf[t].members || !buf[t].out)
                err = ND_ENOMEM;
        }
    }
    if (err == ND_OK) {
        star_job sj = {c, order, parts, sizes, buf, center};
        err = nd__parallel_for(c->pool, c->threads, n_parts, 1, star_range, &sj);
    }
    for (unsigned t = 0; buf && t < c->threads; t++) {
        free(buf[t].rk);
        free(buf[t].members);
        free(buf[t].out);
    }
    free(buf);
    free(order);
    free(start);
    free(fill);
    free(parts);
    free(sizes);
    return err;
}

static int score_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    (void)worker;
    nd_corpus *c = payload;
    for (size_t i = begin; i < end; i++) {
        if (c->canon_of[i] == i) {
            c->role[i] = ND_ROLE_CANONICAL;
            c->evidence[i] = ND_EVIDENCE_NONE;
            c->sim[i] = c->cont[i] = c->ccont[i] = 1.0;
            continue;
        }
        const nd_evidence e = c->evidence[i]; /* found by the star (relate_cb) */
        c->role[i] = e == ND_EVIDENCE_EXACT || e == ND_EVIDENCE_NEAR ? ND_ROLE_DUPLICATE
                                                                     : ND_ROLE_REPUBLISHED;
    }
    return ND_OK;
}

/* Lay the groups out (members contiguous, canonical first, then input
 * order; groups numbered by their first member) and fill the results. */
static int build_groups(nd_corpus *c, const uint32_t *center)
{
    const size_t n = c->n, alloc = n ? n : 1;
    c->group_of = nd__malloc_big(alloc * sizeof *c->group_of);
    c->canon_of = nd__malloc_big(alloc * sizeof *c->canon_of);
    c->role = nd__malloc_big(alloc * sizeof *c->role);
    c->members = nd__malloc_big(alloc * sizeof *c->members);
    c->group_start = nd__calloc_big(alloc + 1, sizeof *c->group_start);
    size_t *group_of_center = nd__malloc_big(alloc * sizeof *group_of_center);
    size_t *fill = NULL;
    if (!c->group_of || !c->canon_of || !c->role || !c->members || !c->group_start ||
        !group_of_center)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        group_of_center[i] = SIZE_MAX;
    size_t g = 0;
    for (size_t i = 0; i < n; i++) {
        size_t ce = center[i];
        if (group_of_center[ce] == SIZE_MAX)
            group_of_center[ce] = g++;
        c->group_of[i] = group_of_center[ce];
        c->group_start[c->group_of[i] + 1]++;
    }
    c->n_groups = g;
    for (size_t i = 0; i < g; i++)
        c->group_start[i + 1] += c->group_start[i];
    c->reason = nd__malloc_big((g ? g : 1) * sizeof *c->reason);
    fill = nd__calloc_big(g ? g : 1, sizeof *fill);
    if (!c->reason || !fill)
        goto nomem;
    for (size_t i = 0; i < n; i++) { /* canonical first, then input order */
        size_t gi = c->group_of[i];
        if (center[i] == i) {
            size_t *m = c->members + c->group_start[gi];
            memmove(m + 1, m, fill[gi] * sizeof *m);
            m[0] = i;
        } else {
            c->members[c->group_start[gi] + fill[gi]] = i;
        }
        fill[gi]++;
    }
    for (size_t gi = 0; gi < g; gi++) {
        const size_t *m = c->members + c->group_start[gi];
        size_t size = c->group_start[gi + 1] - c->group_start[gi];
        /* the reason: the key that put the canonical ahead of the next best */
        int reason = -1;
        if (size > 1) {
            size_t second = 1;
            for (size_t j = 2; j < size; j++) {
                nd__keep_info a = nd__doc_keep_info(c, m[j]), b = nd__doc_keep_info(c, m[second]);
                if (nd__keep_compare(&c->keep, &a, &b, NULL) < 0)
                    second = j;
            }
            nd__keep_info a = nd__doc_keep_info(c, m[0]), b = nd__doc_keep_info(c, m[second]);
            nd__keep_compare(&c->keep, &a, &b, &reason);
        }
        c->reason[gi] = reason;
        for (size_t j = 0; j < size; j++)
            c->canon_of[m[j]] = m[0];
    }
    free(fill);
    free(group_of_center);
    /* roles, and the scores of canonicals (the others' came from stars) */
    return nd__parallel_for(c->pool, c->threads, n, 1024, score_range, c);
nomem:
    free(fill);
    free(group_of_center);
    return ND_ENOMEM;
}

int nd_corpus_run(nd_corpus *c)
{
    if (c->ran)
        return nd__fail(&c->err, ND_ESTATE, "the corpus has been run already");
    nd__errclear(&c->err);
    int err = nd__corpus_flush(c);
    if (c->broken) /* reading a single article more would touch lost memory */
        return nd__fail(&c->err, ND_ESTATE,
                        "adding articles failed earlier (%s); the corpus cannot be run",
                        nd_strerror(c->broken));
    c->ran = 1;
    nd__corpus_drop_reading(c);
    nd__uf uf = {0};
    uint32_t *reps = NULL, *center = NULL, *buckets = NULL;
    size_t n_reps = 0, buckets_bytes = 0;
    double t = nd__now(), t2;
    if (err == ND_OK && c->opts.boilerplate == ND_BOILERPLATE_MASK) {
        nd__corpus_progress(c, "mask", 0, c->n);
        err = mask_boilerplate(c);
        nd__corpus_progress(c, "mask", c->n, c->n);
    }
    t2 = nd__now();
    c->stats.mask_s = t2 - t;
    c->stats.peak_mask_kb = nd__peak_kb();
    /* signing: every article's set and exact-copy key, the copies joined,
     * then the signatures of one article per set of copies */
    if (err == ND_OK)
        err = sign_all(c);
    nd__spill_close(&c->spill); /* everything is back in the sets */
    if (err == ND_OK)
        err = nd__uf_init(&uf, c->n);
    if (err == ND_OK)
        err = join_exact(c, &uf, &reps, &n_reps);
    /* the passage index reads the representatives' sets in the order of
     * reps: gathered while each article is in cache */
    const int passages = c->opts.containment > 0.0 || c->opts.lead_words > 0;
    rep_sets *sets = NULL;
    if (err == ND_OK && passages &&
        !(sets = nd__malloc_big((n_reps ? n_reps : 1) * sizeof *sets)))
        err = ND_ENOMEM;
    if (err == ND_OK && n_reps) {
        buckets_bytes = n_reps * c->bands * sizeof *buckets;
        if (!(buckets = nd__big_alloc(buckets_bytes)))
            err = ND_ENOMEM;
    }
    if (err == ND_OK)
        err = reps_pass(c, reps, n_reps, buckets, sets);
    t = nd__now();
    c->stats.sign_s = t - t2;
    c->stats.peak_sign_kb = nd__peak_kb();
    if (err == ND_OK)
        err = link_candidates(c, &uf, reps, n_reps, buckets, buckets_bytes, sets);
    else
        nd__big_free(buckets, buckets_bytes);
    free(sets);
    t2 = nd__now();
    c->stats.candidates_s = t2 - t - c->stats.verify_s;
    c->stats.peak_candidates_kb = nd__peak_kb();
    if (err == ND_OK) {
        nd__corpus_progress(c, "group", 0, c->n);
        if (!(center = nd__malloc_big((c->n ? c->n : 1) * sizeof *center)))
            err = ND_ENOMEM;
    }
    if (err == ND_OK)
        err = stars(c, &uf, center);
    if (err == ND_OK)
        err = build_groups(c, center);
    c->stats.group_s = nd__now() - t2;
    nd__corpus_progress(c, "group", c->n, c->n);
    c->stats.peak_group_kb = nd__peak_kb();
    free(center);
    free(reps);
    nd__uf_free(&uf);
    if (err < 0) {
        nd__corpus_free_results(c);
        return nd__fail(&c->err, err, "run failed: %s", nd_strerror(err));
    }
    return ND_OK;
}
