/*
 * parallel.h - a parallel for-loop over index ranges on a pool of worker
 * threads that lives as long as its corpus, and the same loop started in
 * the background (the caller reads the next batch of articles meanwhile).
 */
#ifndef ND_PARALLEL_H
#define ND_PARALLEL_H

#include "internal.h"

/* Work on items [begin, end); worker is 0..threads-1, for per-worker
 * scratch (the calling thread is worker 0). Returns ND_OK or a negative
 * code (the first one wins). */
typedef int (*nd__range_fn)(size_t begin, size_t end, unsigned worker, void *payload);

/* threads - 1 worker threads, started on first use and kept, asleep
 * between loops, until nd__pool_free: starting threads for every loop cost
 * more than the work of many loops (docs/benchmarks.md), since a new
 * thread may wait milliseconds for a processor. A pool of one thread (or
 * none, NULL, for nd__parallel_for) runs everything on the calling thread.
 * One loop at a time. */
typedef struct nd__pool nd__pool;

/* @return ND_OK or ND_ENOMEM. */
int nd__pool_new(unsigned threads, nd__pool **out);
/* Stops and joins the workers; no loop may be running. NULL is a no-op. */
void nd__pool_free(nd__pool *p);

/* Run fn over [0, n) in chunks of `grain` items handed out in order to at
 * most `threads` workers (the pool's own count at most; 1 = one chunk after
 * another in the calling thread; fn never gets more than a chunk). Results
 * must not depend on which worker ran which chunk; callers write per-item
 * slots only.
 * @return ND_OK or the first error of fn. */
int nd__parallel_for(nd__pool *p, unsigned threads, size_t n, size_t grain, nd__range_fn fn,
                     void *payload);

/* The same loop in two halves (p not NULL): nd__pool_start hands the
 * chunks to the workers and returns at once; nd__pool_finish (exactly once after each
 * start) has the caller take the chunks still left, as worker 0, and waits
 * for the others. Without workers all the work is done in finish. seconds,
 * unless NULL, gets the time from the start to the end of the last chunk.
 * @return (finish) ND_OK or the first error of fn. */
void nd__pool_start(nd__pool *p, unsigned threads, size_t n, size_t grain, nd__range_fn fn,
                    void *payload);
int nd__pool_finish(nd__pool *p, double *seconds);

/* Threads to use for a requested count: 0 = the online processors. */
unsigned nd__threads(unsigned requested);

#endif
