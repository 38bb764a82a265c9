/*
 * parallel.c - the only place that starts threads. Chunks are handed out
 * by an atomic counter so that uneven articles balance across workers.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"

typedef struct job {
    nd__range_fn fn;
    void *payload;
    size_t n, grain;
    atomic_size_t next;
    atomic_int err;
} job;

typedef struct worker {
    job *j;
    unsigned index;
} worker;

static void run_chunks(job *j, unsigned index)
{
    for (;;) {
        if (atomic_load(&j->err) < 0)
            return;
        size_t begin = atomic_fetch_add(&j->next, j->grain);
        if (begin >= j->n)
            return;
        size_t end = begin + j->grain < j->n ? begin + j->grain : j->n;
        int err = j->fn(begin, end, index, j->payload);
        if (err < 0) {
            int ok = ND_OK;
            atomic_compare_exchange_strong(&j->err, &ok, err);
            return;
        }
    }
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    run_chunks(w->j, w->index);
    return NULL;
}

/* The chunks one after another on the calling thread: the same ranges a
 * worker would get, so that what a callback sizes per call (a window of
 * articles read back at once) stays the size of a chunk. */
static int run_here(size_t n, size_t grain, nd__range_fn fn, void *payload)
{
    for (size_t begin = 0; begin < n; begin += grain) {
        int err = fn(begin, begin + grain < n ? begin + grain : n, 0, payload);
        if (err < 0)
            return err;
    }
    return ND_OK;
}

unsigned nd__threads(unsigned requested)
{
    if (requested)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)(n > 256 ? 256 : n) : 1;
}

int nd__parallel_for(unsigned threads, size_t n, size_t grain, nd__range_fn fn, void *payload)
{
    if (n == 0)
        return ND_OK;
    if (grain == 0)
        grain = 1;
    size_t chunks = (n + grain - 1) / grain;
    if (threads > chunks)
        threads = (unsigned)chunks;
    if (threads <= 1)
        return run_here(n, grain, fn, payload);
    job j;
    j.fn = fn;
    j.payload = payload;
    j.n = n;
    j.grain = grain;
    atomic_init(&j.next, 0);
    atomic_init(&j.err, ND_OK);
    pthread_t *tid = malloc(threads * sizeof *tid);
    worker *w = malloc(threads * sizeof *w);
    if (!tid || !w) {
        free(tid);
        free(w);
        return run_here(n, grain, fn, payload); /* no memory for threads */
    }
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        w[t].j = &j;
        w[t].index = t;
        if (pthread_create(&tid[t], NULL, thread_main, &w[t]) != 0)
            break;
        started = t;
    }
    run_chunks(&j, 0); /* the calling thread is worker 0 */
    for (unsigned t = 1; t <= started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    free(w);
    return atomic_load(&j.err);
}

static void *task_main(void *arg)
{
    nd__task *t = arg;
    t->result = t->fn(t->payload);
    return NULL;
}

void nd__task_start(nd__task *t, nd__task_fn fn, void *payload)
{
    t->fn = fn;
    t->payload = payload;
    t->result = ND_OK;
    t->threaded = pthread_create(&t->tid, NULL, task_main, t) == 0;
    if (!t->threaded) /* no thread to be had: the work still gets done */
        t->result = fn(payload);
}

int nd__task_join(nd__task *t)
{
    if (t->threaded)
        pthread_join(t->tid, NULL);
    t->threaded = 0;
    return t->result;
}
