/*
 * test_minhash.c - the signing stage: the documented hash family, and the
 * estimate staying within its statistical error of the true Jaccard.
 */
#include "testutil.h"

#include <math.h>

#include "minhash.h"
#include "verify.h"

/* Expected values computed outside this code base, from the formula in
 * minhash.h: SplitMix64 seeded with seed ^ 0x6E65617264757021 gives a_i,
 * b_i in turn; h_i(x) = ((a_i * (x mod 2^32) + b_i) mod 2^64) >> 32. */
static void test_family_vector(void **state)
{
    (void)state;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, 4, 7, 0), ND_OK);
    const uint32_t sh[] = {1, 2, 0xFFFFFFFFu, 0x9ABCDEF0u};
    uint32_t sig[4];
    nd__minhash_sign(&mh, sh, 4, sig);
    assert_int_equal(sig[0], 0x00f6397e);
    assert_int_equal(sig[1], 0x0fd80841);
    assert_int_equal(sig[2], 0x036f6325);
    assert_int_equal(sig[3], 0x18899138);
    nd__minhash_free(&mh);
}

static void test_empty_set_is_max(void **state)
{
    (void)state;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, 8, 0, 0), ND_OK);
    uint32_t sig[8];
    nd__minhash_sign(&mh, NULL, 0, sig);
    for (int i = 0; i < 8; i++)
        assert_int_equal(sig[i], UINT32_MAX);
    nd__minhash_free(&mh);
    assert_int_equal(nd__minhash_init(&mh, 0, 0, 0), ND_EINVAL);
}

static void test_seed_changes_signature(void **state)
{
    (void)state;
    nd__minhash m1, m2;
    assert_int_equal(nd__minhash_init(&m1, 16, 1, 0), ND_OK);
    assert_int_equal(nd__minhash_init(&m2, 16, 2, 0), ND_OK);
    const uint32_t sh[] = {11, 22, 33, 44, 55};
    uint32_t s1[16], s2[16];
    nd__minhash_sign(&m1, sh, 5, s1);
    nd__minhash_sign(&m2, sh, 5, s2);
    assert_true(nd__minhash_estimate(s1, s2, 16) < 0.5);
    nd__minhash_free(&m1);
    nd__minhash_free(&m2);
}

/* Over many random pairs of known Jaccard J the estimate from k values is
 * a binomial share with standard error sqrt(J(1-J)/k): every estimate must
 * fall within 5 of those (odds of a false alarm about 1 in 3 million per
 * pair), and the mean error must be near zero (no bias). */
static void estimate_within_error(int oph)
{
    const unsigned k = 128;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, k, 42, oph), ND_OK);
    uint64_t rng = 12345;
    uint32_t *a = malloc(1000 * sizeof *a), *b = malloc(1000 * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    double sum_err = 0.0;
    const int pairs = 300;
    for (int p = 0; p < pairs; p++) {
        size_t na = 200 + (size_t)(nd__splitmix64(&rng) % 300);
        size_t common = (size_t)(nd__splitmix64(&rng) % (na + 1));
        size_t nb = common + (size_t)(nd__splitmix64(&rng) % 300);
        /* distinct values: the a side counts up, the fresh b side down */
        uint32_t base = (uint32_t)nd__splitmix64(&rng) & 0x3FFFFFFF;
        for (size_t i = 0; i < na; i++)
            a[i] = base + (uint32_t)i * 7919u;
        for (size_t i = 0; i < common; i++)
            b[i] = a[i];
        for (size_t i = common; i < nb; i++)
            b[i] = 0xF0000000u - (uint32_t)i * 104729u;
        double j = (double)common / (double)(na + nb - common);
        nd__u32_sort_unique(a, &na);
        nd__u32_sort_unique(b, &nb);
        uint32_t sa[128], sb[128];
        nd__minhash_sign(&mh, a, na, sa);
        nd__minhash_sign(&mh, b, nb, sb);
        double est = nd__minhash_estimate(sa, sb, k);
        double se = sqrt(j * (1.0 - j) / k);
        double tol = 5.0 * se + 1.0 / k;
        if (fabs(est - j) > tol)
            fail_msg("pair %d: J=%.4f estimate=%.4f tolerance=%.4f", p, j, est, tol);
        sum_err += est - j;
    }
    assert_true(fabs(sum_err / pairs) < 0.01);
    free(a);
    free(b);
    nd__minhash_free(&mh);
}

static void test_estimate_within_error(void **state)
{
    (void)state;
    estimate_within_error(0);
}

static void test_oph_estimate_within_error(void **state)
{
    (void)state;
    estimate_within_error(1);
}

/* The formula in minhash.h, computed outside this code base: oph_seed is
 * the SplitMix64 draw after the 2k MinHash constants; four values fill
 * bins 3 and 7 of 8 (two share bin 3), the six others borrow from them
 * along their probe sequences. */
static void test_oph_vector(void **state)
{
    (void)state;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, 8, 7, 1), ND_OK);
    const uint32_t sh[] = {1, 2, 0xFFFFFFFFu, 0x9ABCDEF0u};
    const uint32_t want[8] = {0x6cfdc154, 0x6cfdc154, 0x0d258f98, 0x6cfdc154,
                              0x0d258f98, 0x6cfdc154, 0x6cfdc154, 0x0d258f98};
    uint32_t sig[8];
    nd__minhash_sign(&mh, sh, 4, sig);
    assert_memory_equal(sig, want, sizeof want);
    nd__minhash_sign(&mh, NULL, 0, sig); /* the empty set, as with MinHash */
    for (int i = 0; i < 8; i++)
        assert_int_equal(sig[i], UINT32_MAX);
    nd__minhash_free(&mh);
}

/* Short texts leave most bins empty: densification must still estimate
 * Jaccard without bias, and a set must agree with itself everywhere. */
static void test_oph_small_sets(void **state)
{
    (void)state;
    const unsigned k = 128;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, k, 5, 1), ND_OK);
    uint64_t rng = 99;
    uint32_t a[60], b[120], sa[128], sb[128];
    double sum_err = 0.0, sum_sq = 0.0;
    const int pairs = 400;
    for (int p = 0; p < pairs; p++) {
        size_t na = 10 + (size_t)(nd__splitmix64(&rng) % 50);
        size_t common = (size_t)(nd__splitmix64(&rng) % (na + 1));
        size_t nb = common + (size_t)(nd__splitmix64(&rng) % 60);
        for (size_t i = 0; i < na; i++)
            a[i] = (uint32_t)nd__splitmix64(&rng);
        for (size_t i = 0; i < common; i++)
            b[i] = a[i];
        for (size_t i = common; i < nb; i++)
            b[i] = (uint32_t)nd__splitmix64(&rng);
        nd__u32_sort_unique(a, &na);
        nd__u32_sort_unique(b, &nb);
        size_t inter = nd__overlap_of(a, na, b, nb).inter;
        double j = (double)inter / (double)(na + nb - inter);
        nd__minhash_sign(&mh, a, na, sa);
        nd__minhash_sign(&mh, b, nb, sb);
        double est = nd__minhash_estimate(sa, sb, k);
        sum_err += est - j;
        sum_sq += (est - j) * (est - j);
        nd__minhash_sign(&mh, a, na, sb);
        assert_memory_equal(sa, sb, sizeof sa);
    }
    print_message("bias %.4f rmse %.4f\n", sum_err / pairs, sqrt(sum_sq / pairs));
    /* densified bins are correlated: looser than 1/k, but centred on J */
    assert_true(fabs(sum_err / pairs) < 0.015);
    assert_true(sqrt(sum_sq / pairs) < 0.07);
    nd__minhash_free(&mh);
}

static void test_identical_sets_identical_signatures(void **state)
{
    (void)state;
    nd__minhash mh;
    assert_int_equal(nd__minhash_init(&mh, 64, 3, 0), ND_OK);
    const uint32_t sh[] = {5, 9, 1000, 77777};
    uint32_t s1[64], s2[64];
    nd__minhash_sign(&mh, sh, 4, s1);
    nd__minhash_sign(&mh, sh, 4, s2);
    assert_memory_equal(s1, s2, sizeof s1);
    assert_true(nd__minhash_estimate(s1, s2, 64) == 1.0);
    nd__minhash_free(&mh);
}

/* Every vector loop this CPU runs gives exactly the portable signatures,
 * for k that are and are not multiples of the vector blocks. */
static void test_vector_paths_identical(void **state)
{
    (void)state;
    static const unsigned ks[] = {1, 7, 8, 16, 32, 67, 72, 100, 128, 200, 256};
    static const size_t ns[] = {0, 1, 3, 50, 1000};
    uint64_t rng = 77;
    uint32_t *sh = malloc(1000 * sizeof *sh);
    uint32_t *want = malloc(256 * sizeof *want), *got = malloc(256 * sizeof *got);
    assert_non_null(sh);
    for (size_t i = 0; i < 1000; i++)
        sh[i] = (uint32_t)nd__splitmix64(&rng);
    sh[3] = 0;           /* the extremes of the input range */
    sh[4] = UINT32_MAX;
    int paths = 0;
    for (size_t a = 0; a < sizeof ks / sizeof ks[0]; a++) {
        nd__minhash mh;
        assert_int_equal(nd__minhash_init(&mh, ks[a], ks[a] * 31u, 0), ND_OK);
        for (size_t b = 0; b < sizeof ns / sizeof ns[0]; b++) {
            nd__minhash_sign_scalar(&mh, sh, ns[b], want);
#if defined(__x86_64__) && defined(__GNUC__)
            if (nd__minhash_has("avx2")) {
                memset(got, 0, 256 * sizeof *got);
                nd__minhash_sign_avx2(&mh, sh, ns[b], got);
                assert_memory_equal(want, got, ks[a] * sizeof *got);
                paths |= 1;
            }
            if (nd__minhash_has("avx512")) {
                memset(got, 0, 256 * sizeof *got);
                nd__minhash_sign_avx512(&mh, sh, ns[b], got);
                assert_memory_equal(want, got, ks[a] * sizeof *got);
                paths |= 2;
            }
            if (nd__minhash_has("avx512dq")) {
                memset(got, 0, 256 * sizeof *got);
                nd__minhash_sign_avx512dq(&mh, sh, ns[b], got);
                assert_memory_equal(want, got, ks[a] * sizeof *got);
                paths |= 4;
            }
#endif
            nd__minhash_sign(&mh, sh, ns[b], got); /* the dispatched one */
            assert_memory_equal(want, got, ks[a] * sizeof *got);
        }
        nd__minhash_free(&mh);
    }
    print_message("vector paths compared: %s%s%s\n", paths & 1 ? "avx2 " : "",
                  paths & 2 ? "avx512 " : "", paths & 4 ? "avx512dq" : "");
    free(sh);
    free(want);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_family_vector),
        cmocka_unit_test(test_empty_set_is_max),
        cmocka_unit_test(test_seed_changes_signature),
        cmocka_unit_test(test_estimate_within_error),
        cmocka_unit_test(test_oph_estimate_within_error),
        cmocka_unit_test(test_oph_vector),
        cmocka_unit_test(test_oph_small_sets),
        cmocka_unit_test(test_identical_sets_identical_signatures),
        cmocka_unit_test(test_vector_paths_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
