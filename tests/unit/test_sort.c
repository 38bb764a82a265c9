/*
 * test_sort.c - the sorts of sort.c against qsort, on values spread as
 * hashes are (alone and twice each: nd__sort_u32's bucket pass), on values
 * that share their top or bottom bytes (passes skipped, buckets crowded),
 * repeated and ordered, around the insertion sort's threshold and the
 * bucket pass's size limit.
 */
#include "testutil.h"

#include "minhash.h" /* nd__splitmix64 */
#include "sort.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

enum { SPREAD, DOUBLES, SMALL, SAME_TOP, REPEATS, SORTED, REVERSED, N_SHAPES };

static uint64_t value(int shape, size_t i, size_t n, uint64_t *rng)
{
    uint64_t r = nd__splitmix64(rng);
    switch (shape) {
    case SPREAD: return r;
    case DOUBLES: { /* spread, each value twice: a set before its repeats go */
        uint64_t pair = i / 2 + 1;
        return nd__splitmix64(&pair);
    }
    case SMALL: return r % 1000;                        /* top bytes all zero */
    case SAME_TOP: return 0xABC00000u | (r & 0xFFFFF);  /* top byte the same */
    case REPEATS: return (r % 7) * 0x24924924u;         /* few values, many times */
    case SORTED: return (uint64_t)i * 0x10001u;
    default: return (uint64_t)(n - i) * 0x10001u;
    }
}

static void test_u32_matches_qsort(void **state)
{
    (void)state;
    /* around the insertion sort's threshold, and long */
    static const size_t sizes[] = {0, 1, 2, 47, 48, 49, 100, 600, 1000, 4096,
                                   8191, 8192, 8193, 20000};
    uint32_t *v = malloc(20000 * sizeof *v), *want = malloc(20000 * sizeof *want),
             *tmp = malloc(20000 * sizeof *tmp);
    assert_true(v && want && tmp);
    uint64_t rng = 5;
    for (int shape = 0; shape < N_SHAPES; shape++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            const size_t n = sizes[s];
            for (size_t i = 0; i < n; i++)
                v[i] = want[i] = (uint32_t)value(shape, i, n, &rng);
            if (n) {
                v[0] = want[0] = UINT32_MAX; /* the extremes */
                v[n - 1] = want[n - 1] = 0;
            }
            qsort(want, n, sizeof *want, cmp_u32);
            nd__sort_u32(v, tmp, n);
            if (n && memcmp(v, want, n * sizeof *v) != 0)
                fail_msg("shape %d, %zu values: not sorted like qsort", shape, n);
        }
    free(v);
    free(want);
    free(tmp);
}

static void test_u64_and_hi32_match_qsort(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 47, 48, 1000, 5000};
    uint64_t *v = malloc(5000 * sizeof *v), *want = malloc(5000 * sizeof *want),
             *tmp = malloc(5000 * sizeof *tmp);
    uint64_t *kd = malloc(5000 * sizeof *kd); /* (key << 32 | doc) records */
    assert_true(v && want && tmp && kd);
    uint64_t rng = 9;
    for (int shape = 0; shape < N_SHAPES; shape++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            const size_t n = sizes[s];
            for (size_t i = 0; i < n; i++) {
                v[i] = want[i] = value(shape, i, n, &rng) << (shape == SPREAD ? 0 : 20);
                kd[i] = (v[i] & 0xFFFFFFFF00000000ULL) | i;
            }
            qsort(want, n, sizeof *want, cmp_u64);
            nd__sort_u64(v, tmp, n);
            nd__sort_u64_hi32(kd, tmp, n);
            for (size_t i = 0; i < n; i++) {
                assert_true(v[i] == want[i]);
                assert_true(kd[i] >> 32 == want[i] >> 32);
                /* stable: equal keys keep their documents ascending */
                if (i && kd[i] >> 32 == kd[i - 1] >> 32)
                    assert_true((uint32_t)kd[i] > (uint32_t)kd[i - 1]);
            }
        }
    free(v);
    free(want);
    free(tmp);
    free(kd);
}

/* By the top half only, stable: the low halves keep their input order. */
static void test_u64_hi32_stable(void **state)
{
    (void)state;
    enum { N = 3000 };
    uint64_t *v = malloc(N * sizeof *v), *tmp = malloc(N * sizeof *tmp);
    assert_true(v && tmp);
    uint64_t rng = 3;
    for (size_t i = 0; i < N; i++) /* few keys, each many times */
        v[i] = (nd__splitmix64(&rng) % 50) << 40 | (uint64_t)(N - i) << 8 | (i & 0xFF);
    uint64_t *orig = malloc(N * sizeof *orig);
    assert_non_null(orig);
    memcpy(orig, v, N * sizeof *v);
    nd__sort_u64_hi32(v, tmp, N);
    for (size_t i = 1; i < N; i++) {
        assert_true(v[i - 1] >> 32 <= v[i] >> 32);
        if (v[i - 1] >> 32 == v[i] >> 32) /* input order: descending low halves */
            assert_true((uint32_t)v[i - 1] > (uint32_t)v[i]);
    }
    /* the same values, each once (they are all distinct) */
    qsort(v, N, sizeof *v, cmp_u64);
    qsort(orig, N, sizeof *orig, cmp_u64);
    assert_memory_equal(v, orig, N * sizeof *v);
    free(v);
    free(tmp);
    free(orig);
}

static void test_unique(void **state)
{
    (void)state;
    uint32_t a[] = {1, 1, 2, 3, 3, 3, 9};
    assert_int_equal(nd__unique_u32(a, 7), 4);
    assert_int_equal(a[0], 1);
    assert_int_equal(a[1], 2);
    assert_int_equal(a[2], 3);
    assert_int_equal(a[3], 9);
    uint64_t b[] = {5, 5};
    assert_int_equal(nd__unique_u64(b, 2), 1);
    assert_int_equal(nd__unique_u64(b, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u32_matches_qsort),
        cmocka_unit_test(test_u64_and_hi32_match_qsort),
        cmocka_unit_test(test_u64_hi32_stable),
        cmocka_unit_test(test_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
