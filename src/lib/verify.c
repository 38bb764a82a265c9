/*
 * verify.c - the verification stage: exact Jaccard and containment on the
 * real shingle sets, so that no MinHash estimate ever decides a group.
 */
#include "verify.h"

nd__overlap nd__overlap_of(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    nd__overlap o = {0, na, nb};
    size_t i = 0, j = 0;
    /* branch-free steps: which side moves is data, not a jump the CPU must
     * guess (sets of unrelated articles interleave at random) */
    while (i < na && j < nb) {
        uint32_t x = a[i], y = b[j];
        o.inter += x == y;
        i += x <= y;
        j += y <= x;
    }
    return o;
}

double nd__jaccard(nd__overlap o)
{
    size_t uni = o.na + o.nb - o.inter;
    return uni ? (double)o.inter / (double)uni : 0.0;
}

double nd__containment(nd__overlap o)
{
    return o.na ? (double)o.inter / (double)o.na : 0.0;
}
