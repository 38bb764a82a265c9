/*
 * test_verify.c - exact Jaccard and containment, and union-find.
 */
#include "testutil.h"

#include "cluster.h"
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
        cmocka_unit_test(test_union_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
