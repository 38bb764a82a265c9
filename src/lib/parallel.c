/*
 * parallel.c - the only place that starts threads. Chunks are handed out
 * by an atomic counter so that uneven articles balance across workers.
 *
 * A worker joins a loop under the pool's lock, and only while the loop is
 * open; the caller closes it when every chunk is taken, then waits for the
 * workers inside. So the caller never waits for a worker still waking up
 * (on a busy machine that can take milliseconds), and a worker never sees
 * a loop's fields change under it.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallel.h"

typedef struct worker {
    nd__pool *p;
    unsigned index;
} worker;

struct nd__pool {
    unsigned threads;  /* the caller and the workers */
    unsigned started;  /* workers running, indices 1..started */
    pid_t pid;         /* the process that started them (as many as could
                          be, once); 0 until then */
    pthread_t *tid;    /* threads - 1 */
    worker *w;
    pthread_mutex_t mu;
    pthread_cond_t wake; /* workers: a loop was started, or quit */
    pthread_cond_t idle; /* the caller: the last worker left the loop */
    /* under mu: */
    uint64_t gen;        /* loops started */
    int open;            /* the loop takes workers (until finish closes it) */
    unsigned inside;     /* workers in the loop */
    int quit;
    int solo; /* the loop is the caller's alone (caller only) */
    /* the loop, written by start while no worker is inside */
    nd__range_fn fn;
    void *payload;
    size_t n, grain;
    size_t chunks;
    unsigned limit;          /* workers 0..limit-1 take part */
    atomic_size_t cursor;    /* the next chunk to take */
    atomic_size_t pending;   /* items not done yet */
    atomic_int err;
    double t0, t_end; /* the first chunk taken, the last item done */
};

/* Chunks of the loop until there are none (or one failed). */
static void run_chunks(nd__pool *p, unsigned index)
{
    size_t k;
    while ((k = atomic_fetch_add(&p->cursor, 1)) < p->chunks) {
        if (k == 0)
            p->t0 = nd__now(); /* read, like t_end, after the wait */
        size_t begin = k * p->grain;
        size_t end = p->n - begin > p->grain ? begin + p->grain : p->n;
        int err = p->fn(begin, end, index, p->payload);
        if (err < 0) {
            int ok = ND_OK;
            atomic_compare_exchange_strong(&p->err, &ok, err);
            atomic_store(&p->cursor, p->chunks); /* no one takes another */
            return;
        }
        if (atomic_fetch_sub(&p->pending, end - begin) == end - begin)
            p->t_end = nd__now(); /* the last items: read after the wait */
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    nd__pool *p = w->p;
    uint64_t seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && !(p->open && p->gen != seen && w->index < p->limit))
            pthread_cond_wait(&p->wake, &p->mu);
        if (p->quit)
            break;
        seen = p->gen; /* once per loop */
        p->inside++;
        pthread_mutex_unlock(&p->mu);
        run_chunks(p, w->index);
        pthread_mutex_lock(&p->mu);
        if (--p->inside == 0 && !p->open)
            pthread_cond_signal(&p->idle);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int nd__pool_new(unsigned threads, nd__pool **out)
{
    nd__pool *p = calloc(1, sizeof *p);
    if (!p)
        return ND_ENOMEM;
    p->threads = threads ? threads : 1;
    if (p->threads > 1 && (!(p->tid = calloc(p->threads - 1, sizeof *p->tid)) ||
                           !(p->w = calloc(p->threads - 1, sizeof *p->w)))) {
        free(p->tid);
        free(p);
        return ND_ENOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->wake, NULL);
    pthread_cond_init(&p->idle, NULL);
    atomic_init(&p->cursor, 0);
    atomic_init(&p->pending, 0);
    atomic_init(&p->err, ND_OK);
    *out = p;
    return ND_OK;
}

/* Is this a child forked after the workers were started? It has none of
 * them, and the condition variables they wait on are not to be touched
 * there (a broadcast would wait for waiters that do not exist): the child
 * works alone, and frees only memory. */
static int forked(const nd__pool *p)
{
    return p->started && p->pid != getpid();
}

void nd__pool_free(nd__pool *p)
{
    if (!p)
        return;
    if (!forked(p)) {
        pthread_mutex_lock(&p->mu);
        p->quit = 1;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
        for (unsigned t = 0; t < p->started; t++)
            pthread_join(p->tid[t], NULL);
        pthread_cond_destroy(&p->wake);
        pthread_cond_destroy(&p->idle);
        pthread_mutex_destroy(&p->mu);
    }
    free(p->tid);
    free(p->w);
    free(p);
}

/* The workers, on the first loop that has work for them: a corpus that
 * never runs one in parallel starts none. As many as can be had, once
 * (the caller does the work of those that could not be started). They
 * block every signal: the program's handlers run on its own threads, as
 * they did before the library started any. */
static void start_workers(nd__pool *p)
{
    p->pid = getpid();
    sigset_t all, old;
    sigfillset(&all);
    const int masked = pthread_sigmask(SIG_SETMASK, &all, &old) == 0;
    for (unsigned t = 0; t + 1 < p->threads; t++) {
        p->w[t].p = p;
        p->w[t].index = t + 1;
        if (pthread_create(&p->tid[t], NULL, worker_main, &p->w[t]) != 0)
            break;
        p->started = t + 1;
    }
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void nd__pool_start(nd__pool *p, unsigned threads, size_t n, size_t grain, nd__range_fn fn,
                    void *payload)
{
    if (grain == 0)
        grain = 1;
    const size_t chunks = n / grain + (n % grain != 0);
    /* a worker per chunk at most, besides the caller: it takes none until
     * it finishes (nd__parallel_for asks for no more than the chunks) */
    unsigned limit = threads < p->threads ? threads : p->threads;
    if (limit > chunks + 1)
        limit = (unsigned)(chunks + 1);
    /* the caller alone: the workers sleep on, and the loop neither locks
     * nor waits (nor, in a forked child, touches what they left) */
    p->solo = limit <= 1 || forked(p);
    if (!p->solo && !p->pid)
        start_workers(p);
    if (!p->solo) /* no worker is inside: finish waited for them */
        pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->payload = payload;
    p->n = n;
    p->grain = grain;
    p->chunks = chunks;
    atomic_store(&p->pending, n);
    atomic_store(&p->err, ND_OK);
    p->t0 = p->t_end = 0;
    atomic_store(&p->cursor, 0);
    if (!p->solo) {
        p->limit = limit;
        p->gen++;
        p->open = 1;
        pthread_cond_broadcast(&p->wake);
        pthread_mutex_unlock(&p->mu);
    }
}

int nd__pool_finish(nd__pool *p, double *seconds)
{
    run_chunks(p, 0);
    if (!p->solo) { /* every chunk is taken: no one joins now, and those
                       inside finish */
        pthread_mutex_lock(&p->mu);
        p->open = 0;
        while (p->inside > 0)
            pthread_cond_wait(&p->idle, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
    if (seconds) /* no chunk taken (n = 0): none; one failed: until now */
        *seconds = p->t0 > 0 ? (p->t_end > 0 ? p->t_end : nd__now()) - p->t0 : 0.0;
    return atomic_load(&p->err);
}

int nd__parallel_for(nd__pool *p, unsigned threads, size_t n, size_t grain, nd__range_fn fn,
                     void *payload)
{
    if (n == 0)
        return ND_OK;
    if (grain == 0)
        grain = 1;
    if (!p || threads <= 1 || p->threads <= 1) { /* in order, on this thread */
        for (size_t begin = 0; begin < n; begin += grain) {
            int err = fn(begin, n - begin > grain ? begin + grain : n, 0, payload);
            if (err < 0)
                return err;
        }
        return ND_OK;
    }
    const size_t chunks = n / grain + (n % grain != 0);
    nd__pool_start(p, chunks < threads ? (unsigned)chunks : threads, n, grain, fn, payload);
    return nd__pool_finish(p, NULL);
}

unsigned nd__threads(unsigned requested)
{
    if (requested)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)(n > 256 ? 256 : n) : 1;
}
