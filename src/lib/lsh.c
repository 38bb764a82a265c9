/*
 * lsh.c - the candidate stage: choose bands and rows from the threshold,
 * bucket signatures band by band, and list the pairs that share a bucket.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "arena.h"
#include "lsh.h"
#include "parallel.h"
#include "sort.h"

double nd_lsh_probability(double s, unsigned bands, unsigned rows)
{
    if (s <= 0.0)
        return 0.0;
    if (s >= 1.0)
        return 1.0;
    return 1.0 - pow(1.0 - pow(s, (double)rows), (double)bands);
}

/* Integral of P over [0, t] by the midpoint rule: the expected share of
 * pairs below the threshold that still become candidates. */
static double false_positive_area(double t, unsigned b, unsigned r)
{
    const int steps = 256;
    double sum = 0.0, h = t / steps;
    for (int i = 0; i < steps; i++)
        sum += nd_lsh_probability((i + 0.5) * h, b, r);
    return sum * h;
}

int nd_lsh_params(double threshold, unsigned num_perm, unsigned *bands_out, unsigned *rows_out)
{
    /* 0.99 at the threshold: a pair exactly at the line is missed once in a
     * hundred, and pairs above it far less often; every extra candidate
     * costs only one exact set comparison. */
    const double want = 0.99;
    if (!(threshold > 0.0 && threshold <= 1.0) || num_perm == 0)
        return ND_EINVAL;
    unsigned best_b = 0, best_r = 0;
    double best_fp = 0.0, best_p = -1.0;
    int best_ok = 0;
    for (unsigned r = 1; r <= num_perm; r++) {
        unsigned b = num_perm / r;
        double p = nd_lsh_probability(threshold, b, r);
        int ok = p >= want;
        double fp = false_positive_area(threshold, b, r);
        int better;
        if (ok != best_ok)
            better = ok;
        else if (ok)
            better = fp <= best_fp; /* <=: ties go to more rows */
        else
            better = p > best_p;
        if (best_r == 0 || better) {
            best_b = b;
            best_r = r;
            best_fp = fp;
            best_p = p;
            best_ok = ok;
        }
    }
    *bands_out = best_b;
    *rows_out = best_r;
    return ND_OK;
}


/* A bucket is the top half of a hash of the band's values (hashed as they
 * lie in memory: buckets are only ever compared with each other within
 * this run). A 32-bit bucket lets a record hold its article beside it, so
 * that listing a bucket's pairs reads nothing else; two articles that
 * share one by chance (about n^2 / 2^33 pairs a band) only make a
 * candidate more to verify. */
void nd__lsh_buckets(const uint32_t *sig, unsigned bands, unsigned rows, uint64_t seed,
                     uint32_t *out, size_t stride)
{
    for (unsigned b = 0; b < bands; b++)
        out[b * stride] =
            (uint32_t)(XXH3_64bits_withSeed(sig + (size_t)b * rows, sizeof *sig * (size_t)rows,
                                            seed + b) >> 32);
}

typedef struct band_job {
    const uint32_t *buckets;
    const uint32_t *docs;
    size_t n;
    uint64_t **rec, **tmp;      /* per worker: n records each */
    nd__u64vec *pairs, *merged; /* per worker */
} band_job;

int nd__lsh_bucket_pairs(uint64_t *rec, uint64_t *tmp, size_t n, nd__u64vec *pairs)
{
    /* records were filled with their articles ascending: the stable sort
     * keeps them so within a bucket, and every pair comes out low first */
    nd__sort_u64_hi32(rec, tmp, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && rec[j] >> 32 == rec[i] >> 32)
            j++;
        for (size_t x = i; x < j; x++)
            for (size_t y = x + 1; y < j; y++)
                if (nd__u64vec_push(pairs, rec[x] << 32 | (uint32_t)rec[y]))
                    return ND_ENOMEM;
        i = j;
    }
    return ND_OK;
}

/* pairs->v[0, sorted) is sorted and unique, the rest new: make it all
 * so by sorting only the new pairs and merging the two runs, rather than
 * sorting everything again for each band (most pairs of near copies come
 * back in band after band). */
static int merge_new_pairs(nd__u64vec *pairs, size_t sorted, nd__u64vec *merged)
{
    uint64_t *fresh = pairs->v + sorted;
    size_t n_fresh = pairs->n - sorted;
    if (n_fresh == 0)
        return ND_OK;
    if (nd__grow((void **)&merged->v, &merged->cap, pairs->n, sizeof *merged->v))
        return ND_ENOMEM;
    nd__sort_u64(fresh, merged->v, n_fresh); /* merged is scratch until the merge */
    n_fresh = nd__unique_u64(fresh, n_fresh);
    const uint64_t *a = pairs->v, *b = fresh;
    size_t i = 0, j = 0, w = 0;
    while (i < sorted && j < n_fresh) {
        const uint64_t x = a[i] <= b[j] ? a[i] : b[j];
        i += a[i] == x;
        j += b[j] == x;
        merged->v[w++] = x;
    }
    while (i < sorted)
        merged->v[w++] = a[i++];
    while (j < n_fresh)
        merged->v[w++] = b[j++];
    merged->n = w;
    /* the merged run becomes the pairs, the old buffer the next scratch */
    nd__u64vec t = *pairs;
    *pairs = *merged;
    *merged = t;
    merged->n = 0;
    return ND_OK;
}

/* Bands [begin, end): bucket the articles band by band, list the pairs in
 * each bucket. */
static int band_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    band_job *bj = payload;
    uint64_t *rec = bj->rec[worker];
    nd__u64vec *pairs = &bj->pairs[worker];
    const size_t n = bj->n;
    for (size_t b = begin; b < end; b++) {
        const uint32_t *bk = bj->buckets + b * n;
        for (size_t i = 0; i < n; i++)
            rec[i] = (uint64_t)bk[i] << 32 | bj->docs[i];
        const size_t sorted = pairs->n;
        if (nd__lsh_bucket_pairs(rec, bj->tmp[worker], n, pairs) ||
            merge_new_pairs(pairs, sorted, &bj->merged[worker]))
            return ND_ENOMEM;
    }
    return ND_OK;
}

int nd__lsh_candidates_mt(const uint32_t *buckets, const uint32_t *docs, size_t n,
                          unsigned bands, nd__pool *pool, unsigned threads, nd__u64vec *pairs)
{
    pairs->n = 0;
    if (n < 2 || bands == 0)
        return ND_OK;
    if (threads > bands)
        threads = bands;
    if (threads == 0 || !pool)
        threads = 1;
    if (n > UINT32_MAX) /* positions are 32-bit */
        return ND_ERANGE;
    band_job bj = {buckets,
                   docs,
                   n,
                   calloc(threads, sizeof(uint64_t *)),
                   calloc(threads, sizeof(uint64_t *)),
                   calloc(threads, sizeof(nd__u64vec)),
                   calloc(threads, sizeof(nd__u64vec))};
    int err = bj.rec && bj.tmp && bj.pairs && bj.merged ? ND_OK : ND_ENOMEM;
    for (unsigned t = 0; t < threads && err == ND_OK; t++)
        if (!(bj.rec[t] = nd__temp_alloc(n * sizeof **bj.rec)) ||
            !(bj.tmp[t] = nd__temp_alloc(n * sizeof **bj.tmp)))
            err = ND_ENOMEM;
    if (err == ND_OK)
        err = nd__parallel_for(pool, threads, bands, 1, band_range, &bj);
    /* the union of every worker's pairs, sorted: the same for any split */
    size_t total = 0;
    for (unsigned t = 0; t < threads && err == ND_OK && bj.pairs; t++)
        total += bj.pairs[t].n;
    if (err == ND_OK && total &&
        nd__grow((void **)&pairs->v, &pairs->cap, total, sizeof *pairs->v))
        err = ND_ENOMEM;
    for (unsigned t = 0; t < threads && err == ND_OK && bj.pairs; t++) {
        if (!bj.pairs[t].n)
            continue; /* (an empty vector has no buffer to copy from) */
        memcpy(pairs->v + pairs->n, bj.pairs[t].v, bj.pairs[t].n * sizeof *pairs->v);
        pairs->n += bj.pairs[t].n;
    }
    if (err == ND_OK)
        nd__u64_sort_unique(pairs->v, &pairs->n);
    for (unsigned t = 0; t < threads; t++) {
        if (bj.rec && bj.rec[t])
            nd__temp_free(bj.rec[t], n * sizeof **bj.rec);
        if (bj.tmp && bj.tmp[t])
            nd__temp_free(bj.tmp[t], n * sizeof **bj.tmp);
        if (bj.pairs)
            nd__u64vec_free(&bj.pairs[t]);
        if (bj.merged)
            nd__u64vec_free(&bj.merged[t]);
    }
    free(bj.rec);
    free(bj.tmp);
    free(bj.pairs);
    free(bj.merged);
    return err;
}
