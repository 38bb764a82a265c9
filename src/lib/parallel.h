/*
 * parallel.h - a parallel for-loop over index ranges, with threads that
 * live only for the call (no pool, no state between calls).
 */
#ifndef ND_PARALLEL_H
#define ND_PARALLEL_H

#include "internal.h"

/* Work on items [begin, end); worker is 0..threads-1, for per-worker
 * scratch. Returns ND_OK or a negative code (the first one wins). */
typedef int (*nd__range_fn)(size_t begin, size_t end, unsigned worker, void *payload);

/* Run fn over [0, n) in chunks of `grain` items handed out in order to
 * `threads` workers (1 = in the calling thread). Results must not depend on
 * which worker ran which chunk; callers write per-item slots only.
 * @return ND_OK, the first error of fn, or ND_ENOMEM. */
int nd__parallel_for(unsigned threads, size_t n, size_t grain, nd__range_fn fn, void *payload);

/* Threads to use for a requested count: 0 = the online processors. */
unsigned nd__threads(unsigned requested);

#endif
