/*
 * passage.h - candidate pairs from shared passage fingerprints: an
 * inverted index from fingerprint to articles, never an all-pairs pass.
 */
#ifndef ND_PASSAGE_H
#define ND_PASSAGE_H

#include "internal.h"

#include "sort.h"

/* A posting: a fingerprint (a sampled shingle, a lead shingle) in the top
 * 32 bits, its article in the low 32: eight bytes a posting to sort. */
typedef uint64_t nd__posting;

static inline nd__posting nd__posting_make(uint32_t key, uint32_t doc)
{
    return (uint64_t)key << 32 | doc;
}

/* Pairs of articles sharing at least min_shared distinct keys are found in
 * steps, so that the index can be built in slices: append one entry per key
 * that a pair shares, as (lo << 32 | hi) (reorders posts, with tmp room for
 * n more; keys held by more than max_list articles are too common to tell
 * anything and are skipped, near-identical copies among them being LSH's
 * to find); fold the entries into counts per pair; add the slices' counts
 * up; select the pairs with min_shared or more. Every buffer is reused from
 * slice to slice: fresh memory costs more than the work done in it.
 * @return ND_OK or ND_ENOMEM. */
int nd__passage_occurrences(nd__posting *posts, nd__posting *tmp, size_t n, size_t max_list,
                            nd__u64vec *occ);

/* Distinct pairs with the number of keys they share, sorted by pair: what
 * is kept between the slices of an index instead of every occurrence.
 * Zero-initialized is empty. */
typedef struct nd__pair_counts {
    uint64_t *pair;
    uint32_t *count;
    size_t n, pair_cap, count_cap;
} nd__pair_counts;

/* Replace run's contents by the counts of occ's occurrences (occ is sorted
 * with tmp as scratch, then emptied). */
int nd__passage_fold(nd__u64vec *occ, nd__u64vec *tmp, nd__pair_counts *run);
void nd__pair_counts_free(nd__pair_counts *acc);

/* Append to pairs those of acc with min_shared or more keys, in pair
 * order. @return ND_OK or ND_ENOMEM. */
int nd__pair_counts_select(const nd__pair_counts *acc, unsigned min_shared, nd__u64vec *pairs);

/* Add the counts of run into acc (both sorted by pair, each pair once), in
 * place: acc grows by doubling, run is left as it was.
 * @return ND_OK or ND_ENOMEM. */
int nd__pair_counts_merge(nd__pair_counts *acc, const nd__pair_counts *run);

/* The index's constants: 1 in 2^3 shingles is a fingerprint; two
 * fingerprints in common make a candidate; a fingerprint held by more
 * articles than this says nothing about any one pair. */
#define ND__PASSAGE_SAMPLE_BITS 3
#define ND__PASSAGE_MIN_SHARED 2
#define ND__PASSAGE_MAX_LIST 256

/* The keys an article posts: the fingerprints of its sorted set of n that
 * are sampled or of its opening paragraph (lead: a bit per member of the
 * set, nd__subset_words; NULL = none), written to keys (room for n),
 * ascending and unique; how many. */
size_t nd__passage_keys(const uint32_t *set, size_t n, const uint64_t *lead, uint32_t *keys);

/* The index is built a slice of the key space at a time: a key's slice
 * is its top bits, so in an article's sorted sets each slice is one run. */
#define ND__PASSAGE_SLICE_BITS 4

static inline unsigned nd__passage_slice(uint32_t key)
{
    return key >> (32 - ND__PASSAGE_SLICE_BITS);
}

/* Where an even spread of keys puts the start of slice in a sorted array
 * of n (a place to prefetch; the run starts a few steps from it). */
static inline size_t nd__passage_slice_guess(size_t n, unsigned slice)
{
    return (size_t)(((uint64_t)n * slice) >> ND__PASSAGE_SLICE_BITS);
}

/* The run [*from, *to) of a sorted set of n that falls in slice: found
 * a few steps from where an even spread would put it. */
void nd__passage_slice_run(const uint32_t *set, size_t n, unsigned slice, size_t *from,
                           size_t *to);

/* The postings of doc's keys among set[from, to) (the keys
 * nd__passage_keys gives, with the same lead), written to out (room for
 * to - from), ascending; how many. What the index is built from, a slice
 * at a time, with no list of keys in between. */
size_t nd__passage_postings(const uint32_t *set, const uint64_t *lead, size_t from, size_t to,
                            uint32_t doc, nd__posting *out);

/* Whether a shingle fingerprint is one of the sampled ones: 1 in 2^bits,
 * by the top bits of a multiplicative mix, so the choice is independent of
 * the fingerprint's own low bits. */
static inline int nd__passage_sampled(uint32_t shingle, unsigned bits)
{
    return ((shingle * 0x9E3779B1u) >> (32 - bits)) == 0;
}

#endif
