/*
 * test_subset.c - subsets of sorted sets kept as bits: marking finds
 * exactly the subset's members that are in the set, and two subsets over
 * different sets intersect as the values they hold.
 */
#include "testutil.h"

#include "minhash.h" /* nd__splitmix64 */
#include "sort.h"
#include "subset.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* A sorted unique array of up to max random values below limit (a small
 * limit makes two arrays share many). */
static size_t random_set(uint64_t *rng, uint32_t *v, size_t max, uint32_t limit)
{
    size_t n = max ? (size_t)(nd__splitmix64(rng) % (max + 1)) : 0;
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)(nd__splitmix64(rng) % limit);
    qsort(v, n, sizeof *v, cmp_u32);
    return nd__unique_u32(v, n);
}

/* By hand, then at random against a plain search, whatever the sizes
 * (empty ones, a subset that is the whole set, past 64 members: several
 * words), with few and with many values in common. */
static void test_subsets(void **state)
{
    (void)state;
    const uint32_t set[] = {2, 4, 8, 16, 32, 64};
    const uint32_t sub[] = {1, 4, 16, 17, 64};
    uint64_t bits[1] = {0};
    assert_int_equal(nd__subset_words(6), 1);
    assert_int_equal(nd__subset_words(64), 1);
    assert_int_equal(nd__subset_words(65), 2);
    assert_int_equal(nd__subset_words(0), 0);
    assert_int_equal(nd__subset_mark(set, 6, sub, 5, bits), 3); /* 4, 16, 64 */
    assert_true(bits[0] == ((1u << 1) | (1u << 3) | (1u << 5)));

    enum { MAX = 300 };
    uint32_t a[MAX], b[MAX], sa[MAX], sb[MAX];
    uint64_t abits[(MAX + 63) / 64], bbits[(MAX + 63) / 64];
    uint64_t rng = 3;
    for (int round = 0; round < 500; round++) {
        const uint32_t limit = round % 2 ? 400 : 100000;
        size_t na = random_set(&rng, a, MAX, limit), nb = random_set(&rng, b, MAX, limit);
        size_t nsa = random_set(&rng, sa, MAX / 3, limit), nsb = random_set(&rng, sb, MAX / 3, limit);
        if (round % 5 == 0 && na) { /* the subset: all of the set */
            memcpy(sa, a, na * sizeof *a);
            nsa = na;
        }
        memset(abits, 0, sizeof abits);
        memset(bbits, 0, sizeof bbits);
        size_t ma = nd__subset_mark(a, na, sa, nsa, abits);
        size_t mb = nd__subset_mark(b, nb, sb, nsb, bbits);
        size_t want_ma = 0, want_inter = 0, got_ma = 0;
        for (size_t i = 0; i < nsa; i++)
            want_ma += bsearch(&sa[i], a, na, sizeof *a, cmp_u32) != NULL;
        for (size_t i = 0; i < na; i++) {
            const int in_a = nd__subset_has(abits, i);
            got_ma += (size_t)in_a;
            assert_int_equal(in_a, bsearch(&a[i], sa, nsa, sizeof *sa, cmp_u32) != NULL);
            if (!in_a)
                continue;
            const uint32_t *at = bsearch(&a[i], b, nb, sizeof *b, cmp_u32);
            want_inter += at && nd__subset_has(bbits, (size_t)(at - b));
        }
        assert_int_equal(ma, want_ma);
        assert_int_equal(got_ma, want_ma);
        assert_true(mb <= nsb);
        assert_int_equal(nd__subset_inter(a, abits, na, b, bbits, nb), want_inter);
        assert_int_equal(nd__subset_inter(b, bbits, nb, a, abits, na), want_inter);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
