/*
 * lsh.h - candidate pairs from MinHash signatures by banding.
 */
#ifndef ND_LSH_H
#define ND_LSH_H

#include "internal.h"
#include "parallel.h"

/* The buckets of one signature's bands: out[b * stride] for band b <
 * bands, the top half of a hash of its rows values (with seed + b). sig
 * holds at least bands * rows values (the options are checked for that
 * when the corpus is made). A
 * bucket is all banding needs of a signature: kept instead of it, a
 * representative takes 4 * bands bytes rather than 4 * k. */
void nd__lsh_buckets(const uint32_t *sig, unsigned bands, unsigned rows, uint64_t seed,
                     uint32_t *out, size_t stride);

/* Candidate pairs among the articles docs[0..n): every pair in the same
 * bucket of at least one band, buckets[b * n + i] being docs[i]'s in band
 * b (nd__lsh_buckets with stride n). Pairs come out as (lo << 32 | hi) of
 * article numbers, lo < hi, sorted and unique, so the order never depends
 * on hashing. The bands are shared among at most `threads` workers of pool
 * (NULL: this thread alone); the result does not depend on their number.
 * @return ND_OK, ND_ENOMEM, ND_ERANGE (n over 2^32). */
int nd__lsh_candidates_mt(const uint32_t *buckets, const uint32_t *docs, size_t n,
                          unsigned bands, nd__pool *pool, unsigned threads, nd__u64vec *pairs);

/* One band: rec[i] holds article i's bucket in its top 32 bits and the
 * article in its low 32 (articles ascending); append to pairs
 * (doc_x << 32 | doc_y) for every x < y in the same bucket. rec is sorted
 * by bucket, with tmp (n) as scratch. @return ND_OK or ND_ENOMEM. */
int nd__lsh_bucket_pairs(uint64_t *rec, uint64_t *tmp, size_t n, nd__u64vec *pairs);

#endif
