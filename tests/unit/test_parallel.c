/*
 * test_parallel.c - the worker pool: every item done exactly once, chunks
 * never larger than the grain, workers numbered below the limit asked for,
 * the first error returned and the pool usable after it, the two halves of
 * a loop with the caller busy between them (a worker takes even a loop's
 * only chunk, and the loop's time leaves out the caller's), thousands of
 * short loops in a row (a worker waking late must not touch the next
 * loop's items), and a forked child freeing a pool it has no workers of.
 */
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#include "parallel.h"

#define MAX_ITEMS 5000

typedef struct tally {
    atomic_int done[MAX_ITEMS]; /* times each item was done */
    size_t grain;
    unsigned limit;              /* worker numbers must stay below it */
    atomic_int bad;              /* a chunk too long, or a worker out of range */
    atomic_uint workers_seen;    /* bit w: worker w did a chunk */
    size_t fail_at;              /* the chunk that holds it fails; SIZE_MAX: none */
} tally;

static void tally_reset(tally *t, size_t grain, unsigned limit)
{
    for (size_t i = 0; i < MAX_ITEMS; i++)
        atomic_store(&t->done[i], 0);
    t->grain = grain;
    t->limit = limit;
    atomic_store(&t->bad, 0);
    atomic_store(&t->workers_seen, 0);
    t->fail_at = SIZE_MAX;
}

static int count_items(size_t begin, size_t end, unsigned worker, void *payload)
{
    tally *t = payload;
    if (end <= begin || end - begin > t->grain || worker >= t->limit)
        atomic_store(&t->bad, 1);
    if (worker < 32)
        atomic_fetch_or(&t->workers_seen, 1u << worker);
    for (size_t i = begin; i < end; i++)
        atomic_fetch_add(&t->done[i], 1);
    return t->fail_at >= begin && t->fail_at < end ? ND_EIO : ND_OK;
}

static void assert_each_once(tally *t, size_t n)
{
    assert_int_equal(atomic_load(&t->bad), 0);
    for (size_t i = 0; i < n; i++)
        if (atomic_load(&t->done[i]) != 1)
            fail_msg("item %zu of %zu done %d times", i, n, atomic_load(&t->done[i]));
    for (size_t i = n; i < MAX_ITEMS; i++)
        assert_int_equal(atomic_load(&t->done[i]), 0);
}

static void test_every_item_once(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 7, 64, 1000, MAX_ITEMS};
    static const size_t grains[] = {0, 1, 3, 64, 10000};
    static tally t;
    for (unsigned threads = 1; threads <= 4; threads++) {
        nd__pool *p;
        assert_int_equal(nd__pool_new(threads, &p), ND_OK);
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (size_t g = 0; g < sizeof grains / sizeof grains[0]; g++)
                for (unsigned limit = 1; limit <= threads + 1; limit++) {
                    const size_t grain = grains[g] ? grains[g] : 1; /* 0 means 1 */
                    /* a limit above the pool's size is the pool's size */
                    tally_reset(&t, grain, limit < threads ? limit : threads);
                    assert_int_equal(nd__parallel_for(p, limit, sizes[s], grains[g],
                                                      count_items, &t),
                                     ND_OK);
                    assert_each_once(&t, sizes[s]);
                }
        nd__pool_free(p);
    }
    /* no pool: this thread, worker 0 */
    tally_reset(&t, 10, 1);
    assert_int_equal(nd__parallel_for(NULL, 8, 1000, 10, count_items, &t), ND_OK);
    assert_each_once(&t, 1000);
    assert_int_equal(atomic_load(&t.workers_seen), 1u);
    assert_int_equal(nd__parallel_for(NULL, 8, 0, 10, count_items, &t), ND_OK); /* nothing */
}

/* Without workers the chunks come in order, one after another. */
static int record_order(size_t begin, size_t end, unsigned worker, void *payload)
{
    size_t *next = payload;
    if (worker != 0 || begin != *next)
        return ND_EINVAL;
    *next = end;
    return ND_OK;
}

static void test_one_thread_in_order(void **state)
{
    (void)state;
    nd__pool *p;
    assert_int_equal(nd__pool_new(1, &p), ND_OK);
    size_t next = 0;
    assert_int_equal(nd__parallel_for(p, 4, 1001, 10, record_order, &next), ND_OK);
    assert_int_equal(next, 1001);
    next = 0; /* the halves: all of it in finish, in order */
    nd__pool_start(p, 4, 55, 5, record_order, &next);
    assert_int_equal(next, 0);
    assert_int_equal(nd__pool_finish(p, NULL), ND_OK);
    assert_int_equal(next, 55);
    nd__pool_free(p);
}

static void test_first_error_and_reuse(void **state)
{
    (void)state;
    static tally t;
    for (unsigned threads = 1; threads <= 3; threads++) {
        nd__pool *p;
        assert_int_equal(nd__pool_new(threads, &p), ND_OK);
        tally_reset(&t, 8, threads);
        t.fail_at = 800;
        assert_int_equal(nd__parallel_for(p, threads, 4000, 8, count_items, &t), ND_EIO);
        /* the failing chunk was done; not every chunk after it */
        assert_int_equal(atomic_load(&t.done[800]), 1);
        size_t done = 0;
        for (size_t i = 0; i < 4000; i++)
            done += (size_t)atomic_load(&t.done[i]);
        assert_true(done < 4000 || threads > 1); /* one thread stops at once */
        /* the same pool runs the next loop whole */
        tally_reset(&t, 8, threads);
        assert_int_equal(nd__parallel_for(p, threads, 4000, 8, count_items, &t), ND_OK);
        assert_each_once(&t, 4000);
        nd__pool_free(p);
    }
}

static void test_halves_with_the_caller_busy(void **state)
{
    (void)state;
    static tally t;
    nd__pool *p;
    assert_int_equal(nd__pool_new(3, &p), ND_OK);
    for (int round = 0; round < 20; round++) {
        tally_reset(&t, 16, 3);
        nd__pool_start(p, 3, MAX_ITEMS, 16, count_items, &t);
        /* the caller's own work meanwhile, as reading the next batch is */
        volatile uint64_t x = 0;
        for (int i = 0; i < 20000 * round; i++)
            x = x * 31 + (uint64_t)i;
        double s = -1;
        assert_int_equal(nd__pool_finish(p, &s), ND_OK);
        assert_true(s >= 0.0);
        assert_each_once(&t, MAX_ITEMS);
    }
    nd__pool_free(p);
}

/* A loop of one chunk started in the background: a worker takes it while
 * the caller is busy, rather than the caller at finish. */
typedef struct lone {
    atomic_int by; /* the worker that did it, -1 until then */
} lone;

static int mark_worker(size_t begin, size_t end, unsigned worker, void *payload)
{
    (void)begin;
    (void)end;
    atomic_store(&((lone *)payload)->by, (int)worker);
    return ND_OK;
}

static void test_background_single_chunk(void **state)
{
    (void)state;
    nd__pool *p;
    assert_int_equal(nd__pool_new(2, &p), ND_OK);
    for (int round = 0; round < 3; round++) {
        lone l;
        atomic_init(&l.by, -1);
        nd__pool_start(p, 2, 1, 1, mark_worker, &l);
        /* busy until someone did it (a worker), 10 s at most */
        const struct timespec ms = {0, 1000000};
        for (int i = 0; i < 10000 && atomic_load(&l.by) < 0; i++)
            nanosleep(&ms, NULL);
        assert_int_equal(nd__pool_finish(p, NULL), ND_OK);
        assert_int_equal(atomic_load(&l.by), 1);
    }
    nd__pool_free(p);
}

/* With one thread the work is done in finish, and the loop's time is the
 * time of that work, not the caller's before it. */
static void test_seconds_leave_out_the_caller(void **state)
{
    (void)state;
    nd__pool *p;
    assert_int_equal(nd__pool_new(1, &p), ND_OK);
    lone l;
    atomic_init(&l.by, -1);
    nd__pool_start(p, 1, 1, 1, mark_worker, &l);
    const struct timespec wait = {0, 20000000};
    nanosleep(&wait, NULL); /* the caller reading on */
    assert_int_equal(atomic_load(&l.by), -1);
    double s = -1.0, f0 = nd__now();
    assert_int_equal(nd__pool_finish(p, &s), ND_OK);
    double f1 = nd__now();
    assert_int_equal(atomic_load(&l.by), 0);
    assert_true(s >= 0.0 && s <= f1 - f0);
    /* a loop with nothing in it took no time */
    nd__pool_start(p, 1, 0, 1, mark_worker, &l);
    assert_int_equal(nd__pool_finish(p, &s), ND_OK);
    assert_true(s == 0.0);
    nd__pool_free(p);
}

/* A child of fork has none of its parent's workers: freeing the pool
 * there must not wait for them. */
static void test_forked_child_frees(void **state)
{
    (void)state;
    static tally t;
    nd__pool *p;
    assert_int_equal(nd__pool_new(3, &p), ND_OK);
    tally_reset(&t, 4, 3);
    assert_int_equal(nd__parallel_for(p, 3, 100, 4, count_items, &t), ND_OK);
    fflush(NULL);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        alarm(20); /* a hang ends the child by SIGALRM */
        tally_reset(&t, 4, 3);
        int ok = nd__parallel_for(p, 3, 100, 4, count_items, &t) == ND_OK &&
                 atomic_load(&t.bad) == 0 && atomic_load(&t.done[99]) == 1;
        nd__pool_free(p);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    nd__pool_free(p);
}

/* Many loops of a few items: workers woken for one loop often find it
 * finished, or the next one begun. Each loop counts into its own slots,
 * so a chunk done twice, or for the wrong loop, shows. */
typedef struct rounds {
    atomic_int hits[2000][4];
} rounds;

typedef struct one_round {
    rounds *r;
    size_t round;
} one_round;

static int hit(size_t begin, size_t end, unsigned worker, void *payload)
{
    (void)worker;
    one_round *o = payload;
    for (size_t i = begin; i < end; i++)
        atomic_fetch_add(&o->r->hits[o->round][i], 1);
    return ND_OK;
}

static void test_many_short_loops(void **state)
{
    (void)state;
    rounds *r = calloc(1, sizeof *r);
    assert_non_null(r);
    nd__pool *p;
    assert_int_equal(nd__pool_new(4, &p), ND_OK);
    for (size_t round = 0; round < 2000; round++) {
        one_round o = {r, round};
        assert_int_equal(nd__parallel_for(p, 4, 1 + round % 4, 1, hit, &o), ND_OK);
    }
    nd__pool_free(p);
    for (size_t round = 0; round < 2000; round++)
        for (size_t i = 0; i < 4; i++)
            if (atomic_load(&r->hits[round][i]) != (i < 1 + round % 4))
                fail_msg("loop %zu item %zu done %d times", round, i,
                         atomic_load(&r->hits[round][i]));
    free(r);
}

static void test_threads_requested(void **state)
{
    (void)state;
    assert_int_equal(nd__threads(3), 3);
    assert_true(nd__threads(0) >= 1); /* the online processors */
    nd__pool_free(NULL);              /* a no-op */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_item_once),
        cmocka_unit_test(test_one_thread_in_order),
        cmocka_unit_test(test_first_error_and_reuse),
        cmocka_unit_test(test_halves_with_the_caller_busy),
        cmocka_unit_test(test_many_short_loops),
        cmocka_unit_test(test_background_single_chunk),
        cmocka_unit_test(test_seconds_leave_out_the_caller),
        cmocka_unit_test(test_forked_child_frees),
        cmocka_unit_test(test_threads_requested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
