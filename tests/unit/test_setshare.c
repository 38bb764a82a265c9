/*
 * test_setshare.c - the table through which equal sets share one copy:
 * every item published is found under its hash, items whose hashes share
 * a top half are all found, a full table publishes no more and still ends
 * every look-up, and threads publishing at once lose nothing.
 */
#include "testutil.h"

#include <pthread.h>

#include "minhash.h" /* nd__splitmix64 */
#include "setshare.h"

/* Every item under h, in the order found. */
static size_t find_all(const nd__setshare *t, uint64_t h, uint32_t *out, size_t cap)
{
    nd__setshare_cursor cur = {0, 0};
    size_t n = 0;
    for (uint32_t i; (i = nd__setshare_next(t, h, &cur)) != UINT32_MAX;) {
        assert_true(n < cap);
        out[n++] = i;
    }
    return n;
}

static void test_publish_find(void **state)
{
    (void)state;
    nd__setshare t;
    assert_int_equal(nd__setshare_init(&t, 100), ND_OK);
    uint32_t got[8];
    assert_int_equal(find_all(&t, 42, got, 8), 0); /* empty */
    nd__setshare_publish(&t, 0x1111111100000005ULL, 7);
    nd__setshare_publish(&t, 0x2222222200000005ULL, 8); /* same start slot */
    nd__setshare_publish(&t, 0x1111111100000006ULL, 9); /* same top half */
    nd__setshare_publish(&t, 0, 0);                     /* item 0, hash 0 */
    nd__setshare_publish(&t, 0x3333333300000001ULL, UINT32_MAX); /* not an item */
    assert_int_equal(find_all(&t, 0x1111111100000005ULL, got, 8), 2);
    assert_int_equal(got[0], 7);
    assert_int_equal(got[1], 9); /* probing on from slot 5 meets it at 7 */
    assert_int_equal(find_all(&t, 0x2222222200000005ULL, got, 8), 1);
    assert_int_equal(got[0], 8);
    assert_int_equal(find_all(&t, 0, got, 8), 1);
    assert_int_equal(got[0], 0);
    assert_int_equal(find_all(&t, 0x3333333300000001ULL, got, 8), 0);
    assert_int_equal(find_all(&t, 0x4444444400000005ULL, got, 8), 0);
    nd__setshare_free(&t);
    nd__setshare_free(&t); /* twice is harmless */
    /* a table that was never made finds nothing and takes nothing */
    nd__setshare none = {0};
    nd__setshare_publish(&none, 1, 1);
    assert_int_equal(find_all(&none, 1, got, 8), 0);
}

/* Room for 4 items is 16 slots: past 8 nothing more goes in, so a probe
 * for a hash never published still meets an empty slot and ends. */
static void test_full_table(void **state)
{
    (void)state;
    nd__setshare t;
    assert_int_equal(nd__setshare_init(&t, 4), ND_OK);
    assert_int_equal(t.mask + 1, 16);
    uint64_t rng = 3;
    uint64_t h[20];
    for (uint32_t i = 0; i < 20; i++) {
        h[i] = nd__splitmix64(&rng);
        nd__setshare_publish(&t, h[i], i);
    }
    uint32_t got[20];
    for (uint32_t i = 0; i < 20; i++) {
        size_t n = find_all(&t, h[i], got, 20);
        assert_int_equal(n, i < 8 ? 1 : 0);
        if (n)
            assert_int_equal(got[0], i);
    }
    nd__setshare_free(&t);
}

enum { THREADS = 4, PER_THREAD = 20000 };

typedef struct publisher {
    nd__setshare *t;
    uint32_t first;
} publisher;

static uint64_t hash_of(uint32_t item)
{
    /* two items per hash, from two threads: both must be kept */
    uint64_t s = item % (THREADS * PER_THREAD / 2);
    return nd__splitmix64(&s);
}

static void *publish_range(void *arg)
{
    publisher *p = arg;
    for (uint32_t i = p->first; i < p->first + PER_THREAD; i++)
        nd__setshare_publish(p->t, hash_of(i), i);
    return NULL;
}

static void test_threads_lose_nothing(void **state)
{
    (void)state;
    nd__setshare t;
    assert_int_equal(nd__setshare_init(&t, THREADS * PER_THREAD), ND_OK);
    pthread_t th[THREADS];
    publisher p[THREADS];
    for (unsigned k = 0; k < THREADS; k++) {
        p[k] = (publisher){&t, (uint32_t)k * PER_THREAD};
        assert_int_equal(pthread_create(&th[k], NULL, publish_range, &p[k]), 0);
    }
    for (unsigned k = 0; k < THREADS; k++)
        assert_int_equal(pthread_join(th[k], NULL), 0);
    uint32_t got[8];
    const uint32_t half = THREADS * PER_THREAD / 2;
    for (uint32_t i = 0; i < half; i++) {
        size_t n = find_all(&t, hash_of(i), got, 8);
        assert_true(n >= 2);
        int seen_a = 0, seen_b = 0;
        for (size_t j = 0; j < n; j++) {
            seen_a |= got[j] == i;
            seen_b |= got[j] == i + half;
        }
        assert_true(seen_a && seen_b);
    }
    nd__setshare_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish_find),
        cmocka_unit_test(test_full_table),
        cmocka_unit_test(test_threads_lose_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
