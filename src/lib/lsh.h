/*
 * lsh.h - candidate pairs from MinHash signatures by banding.
 */
#ifndef ND_LSH_H
#define ND_LSH_H

#include "internal.h"
#include "parallel.h"

/* Candidate pairs among the articles docs[0..n): every pair that agrees on
 * all rows of at least one band. sigs holds k values per article, indexed
 * by article number. Pairs come out as (lo << 32 | hi) of article numbers,
 * lo < hi, sorted and unique, so the order never depends on hashing.
 * The bands are shared among at most `threads` workers of pool (NULL: this
 * thread alone); the result does not depend on their number.
 * @return ND_OK, ND_ENOMEM, ND_EINVAL (bands * rows > k), ND_ERANGE (n over
 * 2^32). */
int nd__lsh_candidates_mt(const uint32_t *sigs, unsigned k, const uint32_t *docs, size_t n,
                          unsigned bands, unsigned rows, uint64_t seed, nd__pool *pool,
                          unsigned threads, nd__u64vec *pairs);

/* One band: append to pairs (docs[x] << 32 | docs[y]) for every x < y with
 * key[x] == key[y] (docs ascending, n < 2^32); rec and tmp are scratch of
 * n each. @return ND_OK or ND_ENOMEM. */
int nd__lsh_bucket_pairs(const uint64_t *key, const uint32_t *docs, size_t n, uint64_t *rec,
                         uint64_t *tmp, nd__u64vec *pairs);

#endif
