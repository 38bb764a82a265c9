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


/* Hash of one band of one signature. The keys are only ever compared
 * with each other within this run, so the values' bytes are hashed as
 * they lie in memory. */
static uint64_t band_key(const uint32_t *v, unsigned rows, uint64_t seed)
{
    return XXH3_64bits_withSeed(v, sizeof *v * (size_t)rows, seed);
}

typedef struct band_job {
    const uint32_t *sigs;
    unsigned k, rows;
    const uint32_t *docs;
    size_t n;
    uint64_t seed;
    uint64_t **key, **rec, **tmp; /* per worker, n each */
    nd__u64vec *pairs;            /* per worker */
} band_job;

int nd__lsh_bucket_pairs(const uint64_t *key, const uint32_t *docs, size_t n, uint64_t *rec,
                         uint64_t *tmp, nd__u64vec *pairs)
{
    /* each record is the key's top half over the position (eight bytes,
     * sorted in four passes); the few records that share a top half are
     * then told apart by their whole keys */
    for (size_t i = 0; i < n; i++)
        rec[i] = (key[i] & 0xFFFFFFFF00000000ULL) | i;
    nd__sort_u64_hi32(rec, tmp, n); /* positions were filled ascending: stays so */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && rec[j] >> 32 == rec[i] >> 32)
            j++;
        for (size_t x = i; x < j; x++)
            for (size_t y = x + 1; y < j; y++) {
                const uint32_t px = (uint32_t)rec[x], py = (uint32_t)rec[y];
                if (key[px] == key[py] &&
                    nd__u64vec_push(pairs, (uint64_t)docs[px] << 32 | docs[py]))
                    return ND_ENOMEM;
            }
        i = j;
    }
    return ND_OK;
}

/* Bands [begin, end): bucket the articles, list the pairs in each bucket. */
static int band_range(size_t begin, size_t end, unsigned worker, void *payload)
{
    band_job *bj = payload;
    uint64_t *key = bj->key[worker];
    nd__u64vec *pairs = &bj->pairs[worker];
    for (size_t b = begin; b < end; b++) {
        for (size_t i = 0; i < bj->n; i++)
            key[i] = band_key(bj->sigs + (size_t)bj->docs[i] * bj->k + b * bj->rows, bj->rows,
                              bj->seed + b);
        if (nd__lsh_bucket_pairs(key, bj->docs, bj->n, bj->rec[worker], bj->tmp[worker], pairs))
            return ND_ENOMEM;
        /* keep memory bounded by the distinct pairs, not bands * pairs */
        nd__u64_sort_unique(pairs->v, &pairs->n);
    }
    return ND_OK;
}

int nd__lsh_candidates_mt(const uint32_t *sigs, unsigned k, const uint32_t *docs, size_t n,
                          unsigned bands, unsigned rows, uint64_t seed, nd__pool *pool,
                          unsigned threads, nd__u64vec *pairs)
{
    pairs->n = 0;
    if (bands == 0 || rows == 0 || (uint64_t)bands * rows > k)
        return ND_EINVAL;
    if (n < 2)
        return ND_OK;
    if (threads > bands)
        threads = bands;
    if (threads == 0 || !pool)
        threads = 1;
    if (n > UINT32_MAX) /* positions are 32-bit */
        return ND_ERANGE;
    band_job bj = {sigs,
                   k,
                   rows,
                   docs,
                   n,
                   seed,
                   calloc(threads, sizeof(uint64_t *)),
                   calloc(threads, sizeof(uint64_t *)),
                   calloc(threads, sizeof(uint64_t *)),
                   calloc(threads, sizeof(nd__u64vec))};
    int err = bj.key && bj.rec && bj.tmp && bj.pairs ? ND_OK : ND_ENOMEM;
    for (unsigned t = 0; t < threads && err == ND_OK; t++)
        if (!(bj.key[t] = nd__temp_alloc(n * sizeof **bj.key)) ||
            !(bj.rec[t] = nd__temp_alloc(n * sizeof **bj.rec)) ||
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
        if (bj.key && bj.key[t])
            nd__temp_free(bj.key[t], n * sizeof **bj.key);
        if (bj.rec && bj.rec[t])
            nd__temp_free(bj.rec[t], n * sizeof **bj.rec);
        if (bj.tmp && bj.tmp[t])
            nd__temp_free(bj.tmp[t], n * sizeof **bj.tmp);
        if (bj.pairs)
            nd__u64vec_free(&bj.pairs[t]);
    }
    free(bj.key);
    free(bj.rec);
    free(bj.tmp);
    free(bj.pairs);
    return err;
}
