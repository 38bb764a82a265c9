/*
 * verify.h - exact similarity of two shingle sets.
 */
#ifndef ND_VERIFY_H
#define ND_VERIFY_H

#include "internal.h"

typedef struct nd__overlap {
    size_t inter, na, nb;
} nd__overlap;

/* Size of the intersection of two sorted unique arrays (a merge). */
nd__overlap nd__overlap_of(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* A subset of a sorted set, kept as a bit per member rather than a copy of
 * its members: bit i (64 a word, low bits first) says whether set[i] is
 * in it. An opening paragraph's fingerprints are kept so, at an eighth of
 * the memory its own sorted array took. */
static inline size_t nd__subset_words(size_t n)
{
    return n / 64 + (n % 64 != 0);
}

static inline int nd__subset_has(const uint64_t *bits, size_t i)
{
    return (int)(bits[i / 64] >> (i % 64) & 1);
}

/* Set in bits (nd__subset_words(n) of them, zeroed first) the members of
 * sub (sorted unique) found in set (sorted unique, n); how many. */
size_t nd__subset_mark(const uint32_t *set, size_t n, const uint32_t *sub, size_t n_sub,
                       uint64_t *bits);

/* How many values are in both subsets: abits over set a (na members),
 * bbits over set b (nb). Each of a's subset is looked for in b, galloping
 * from the last one found: about its size times a few steps, not a walk
 * over both whole sets. */
size_t nd__subset_inter(const uint32_t *a, const uint64_t *abits, size_t na, const uint32_t *b,
                        const uint64_t *bbits, size_t nb);

/* |A and B| / |A or B|; 0 when both are empty. */
double nd__jaccard(nd__overlap o);
/* |A and B| / |A|: how much of A is inside B; 0 when A is empty. */
double nd__containment(nd__overlap o);

#endif
