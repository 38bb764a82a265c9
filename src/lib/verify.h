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

/* |A and B| / |A or B|; 0 when both are empty. */
double nd__jaccard(nd__overlap o);
/* |A and B| / |A|: how much of A is inside B; 0 when A is empty. */
double nd__containment(nd__overlap o);

#endif
