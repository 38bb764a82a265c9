/*
 * parallel.h - a parallel for-loop over index ranges, and a background
 * task; threads live only for the call (no pool, no state between calls).
 */
#ifndef ND_PARALLEL_H
#define ND_PARALLEL_H

#include <pthread.h>

#include "internal.h"

/* Work on items [begin, end); worker is 0..threads-1, for per-worker
 * scratch. Returns ND_OK or a negative code (the first one wins). */
typedef int (*nd__range_fn)(size_t begin, size_t end, unsigned worker, void *payload);

/* Run fn over [0, n) in chunks of `grain` items handed out in order to
 * `threads` workers (1 = one chunk after another in the calling thread;
 * fn never gets more than a chunk). Results must not depend on
 * which worker ran which chunk; callers write per-item slots only.
 * @return ND_OK, the first error of fn, or ND_ENOMEM. */
int nd__parallel_for(unsigned threads, size_t n, size_t grain, nd__range_fn fn, void *payload);

/* One function run on a thread of its own while the caller goes on: the
 * reader parses the next batch of articles while the last one is
 * tokenized. Start it, then join it exactly once. */
typedef int (*nd__task_fn)(void *payload);
typedef struct nd__task {
    pthread_t tid;
    int threaded; /* 0: no thread could be started; fn ran in nd__task_start */
    nd__task_fn fn;
    void *payload;
    int result;
} nd__task;

/* Run fn(payload) on a new thread (or right here when none can be had). */
void nd__task_start(nd__task *t, nd__task_fn fn, void *payload);

/* Wait for the task; returns what fn returned. */
int nd__task_join(nd__task *t);

/* Threads to use for a requested count: 0 = the online processors. */
unsigned nd__threads(unsigned requested);

#endif
