/*
 * test_verify.c - exact Jaccard and containment, and union-find.
 */
#include "testutil.h"

#include "cluster.h"
#include "minhash.h" /* nd__splitmix64 */
#include "sort.h"
#include "verify.h"

static void test_overlap_by_hand(void **state)
{
    (void)state;
    const uint32_t a[] = {1, 3, 5, 7, 9};
    const uint32_t b[] = {3, 4, 5, 6};
    nd__overlap o = nd__overlap_of(a, 5, b, 4);
    assert_int_equal(o.inter, 2);
    /* |A and B| = 2, |A or B| = 7 */
    assert_true(nd__jaccard(o) == 2.0 / 7.0);
    assert_true(nd__containment(o) == 2.0 / 5.0);
    nd__overlap r = nd__overlap_of(b, 4, a, 5);
    assert_true(nd__containment(r) == 2.0 / 4.0);
}

static void test_overlap_edges(void **state)
{
    (void)state;
    const uint32_t a[] = {1, 2, 3};
    nd__overlap o = nd__overlap_of(a, 3, a, 3);
    assert_true(nd__jaccard(o) == 1.0);
    assert_true(nd__containment(o) == 1.0);
    o = nd__overlap_of(a, 3, NULL, 0);
    assert_true(nd__jaccard(o) == 0.0);
    o = nd__overlap_of(NULL, 0, NULL, 0);
    assert_true(nd__jaccard(o) == 0.0); /* two empty texts are not similar */
    assert_true(nd__containment(o) == 0.0);
    /* a subset: containment 1 one way */
    const uint32_t big[] = {0, 1, 2, 3, 4, 5};
    o = nd__overlap_of(a, 3, big, 6);
    assert_true(nd__containment(o) == 1.0);
    assert_true(nd__jaccard(o) == 0.5);
}

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

/* Subsets kept as bits over their sets: marking finds exactly the
 * members of the subset that are in the set (by hand, and at random
 * against a plain search), and the intersection of two subsets over
 * different sets is that of the values they hold, whatever the sizes
 * (empty ones, one in the other, past 64 members: several words). */
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

static void test_union_find(void **state)
{
    (void)state;
    nd__uf uf;
    assert_int_equal(nd__uf_init(&uf, 6), ND_OK);
    nd__uf_union(&uf, 4, 2);
    nd__uf_union(&uf, 2, 5);
    nd__uf_union(&uf, 1, 3);
    /* the root of a set is its smallest member, whatever the order */
    assert_int_equal(nd__uf_find(&uf, 5), 2);
    assert_int_equal(nd__uf_find(&uf, 4), 2);
    assert_int_equal(nd__uf_find(&uf, 3), 1);
    assert_int_equal(nd__uf_find(&uf, 0), 0);
    nd__uf_union(&uf, 5, 3);
    assert_int_equal(nd__uf_find(&uf, 4), 1);
    assert_int_equal(nd__uf_find(&uf, 2), 1);
    nd__uf_free(&uf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_by_hand),
        cmocka_unit_test(test_overlap_edges),
        cmocka_unit_test(test_subsets),
        cmocka_unit_test(test_union_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
