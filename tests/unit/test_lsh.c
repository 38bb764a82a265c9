/*
 * test_lsh.c - banding: the probability formula, the choice of bands and
 * rows, and the candidate pairs it yields.
 */
#include "testutil.h"

#include <math.h>

#include "lsh.h"
#include "minhash.h" /* nd__splitmix64 */

static void test_probability_formula(void **state)
{
    (void)state;
    /* by hand: b=2, r=2, s=0.5: 1 - (1 - 0.25)^2 = 0.4375 */
    assert_true(fabs(nd_lsh_probability(0.5, 2, 2) - 0.4375) < 1e-12);
    /* b=42, r=3, s=0.5: 1 - (7/8)^42 */
    assert_true(fabs(nd_lsh_probability(0.5, 42, 3) - (1.0 - pow(0.875, 42))) < 1e-12);
    assert_true(nd_lsh_probability(0.0, 10, 2) == 0.0);
    assert_true(nd_lsh_probability(1.0, 10, 2) == 1.0);
    /* monotone in s */
    double prev = 0.0;
    for (int i = 1; i <= 100; i++) {
        double p = nd_lsh_probability(i / 100.0, 20, 5);
        assert_true(p >= prev);
        prev = p;
    }
}

static void test_params_default(void **state)
{
    (void)state;
    unsigned b, r;
    assert_int_equal(nd_lsh_params(0.5, 128, &b, &r), ND_OK);
    assert_int_equal(b, 42);
    assert_int_equal(r, 3);
    assert_int_equal(nd_lsh_params(0.8, 128, &b, &r), ND_OK);
    assert_int_equal(b, 21);
    assert_int_equal(r, 6);
    assert_int_equal(nd_lsh_params(0.0, 128, &b, &r), ND_EINVAL);
    assert_int_equal(nd_lsh_params(1.5, 128, &b, &r), ND_EINVAL);
    assert_int_equal(nd_lsh_params(0.5, 0, &b, &r), ND_EINVAL);
}

/* The rule: P(t) >= 0.99 whenever some b*r <= k can reach it, and among
 * those the least false-positive area, i.e. no feasible choice with more
 * rows (fewer candidates) was passed over. */
static void test_params_rule(void **state)
{
    (void)state;
    for (int ti = 20; ti <= 95; ti += 5) {
        double t = ti / 100.0;
        unsigned b, r;
        assert_int_equal(nd_lsh_params(t, 128, &b, &r), ND_OK);
        assert_true(b * r <= 128);
        assert_true(nd_lsh_probability(t, b, r) >= 0.99);
        unsigned b2 = 128 / (r + 1);
        assert_true(nd_lsh_probability(t, b2, r + 1) < 0.99);
    }
}

/* The buckets of docs[0..n)'s signatures, laid out as the candidates want
 * them (band by band); free() them. */
static uint32_t *bucket_all(const uint32_t *sigs, unsigned k, const uint32_t *docs, size_t n,
                            unsigned bands, unsigned rows, uint64_t seed)
{
    uint32_t *bk = malloc((n ? n : 1) * bands * sizeof *bk);
    assert_non_null(bk);
    for (size_t i = 0; i < n; i++)
        nd__lsh_buckets(sigs + (size_t)docs[i] * k, bands, rows, seed, bk + i, n);
    return bk;
}

/* A band's bucket is a function of its rows alone: equal rows, equal
 * buckets, whatever the other bands hold; the seed and the band number
 * tell bands apart. */
static void test_buckets(void **state)
{
    (void)state;
    const uint32_t a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 2, 3, 9, 9, 9}, c[6] = {4, 5, 6, 1, 2, 3};
    uint32_t ba[2], bb[2], bc[2], bs[2];
    nd__lsh_buckets(a, 2, 3, 5, ba, 1);
    nd__lsh_buckets(b, 2, 3, 5, bb, 1);
    nd__lsh_buckets(c, 2, 3, 5, bc, 1);
    nd__lsh_buckets(a, 2, 3, 6, bs, 1);
    assert_true(ba[0] == bb[0]);
    assert_true(ba[1] != bb[1]);
    assert_true(bc[0] != ba[1]); /* the same rows in another band */
    assert_true(bs[0] != ba[0]); /* another seed */
    /* the stride spreads one signature's bands over the rows of a table */
    uint32_t wide[2 * 7];
    nd__lsh_buckets(a, 2, 3, 5, wide + 3, 7);
    assert_true(wide[3] == ba[0] && wide[10] == ba[1]);
}

static void test_candidates(void **state)
{
    (void)state;
    const unsigned k = 8;
    /* doc 0 and 2 equal; doc 1 shares only band 1 with doc 3; doc 4 alone */
    uint32_t sigs[5 * 8] = {
        1, 2, 3, 4, 5, 6, 7, 8,
        9, 9, 9, 9, 1, 1, 1, 1,
        1, 2, 3, 4, 5, 6, 7, 8,
        0, 0, 0, 0, 1, 1, 1, 1,
        7, 7, 7, 7, 7, 7, 7, 7,
    };
    uint32_t docs[] = {0, 1, 2, 3, 4};
    nd__u64vec pairs = {0};
    /* the same pairs on this thread alone and with the bands shared */
    for (unsigned threads = 1; threads <= 3; threads++) {
        nd__pool *pool = NULL;
        if (threads > 1)
            assert_int_equal(nd__pool_new(threads, &pool), ND_OK);
        uint32_t *bk = bucket_all(sigs, k, docs, 5, 2, 4, 0);
        assert_int_equal(nd__lsh_candidates_mt(bk, docs, 5, 2, pool, threads, &pairs), ND_OK);
        free(bk);
        assert_int_equal(pairs.n, 2);
        assert_true(pairs.v[0] == ((uint64_t)0 << 32 | 2));
        assert_true(pairs.v[1] == ((uint64_t)1 << 32 | 3));
        /* only a subset of docs takes part */
        uint32_t some[] = {0, 1, 4};
        bk = bucket_all(sigs, k, some, 3, 2, 4, 0);
        assert_int_equal(nd__lsh_candidates_mt(bk, some, 3, 2, pool, threads, &pairs), ND_OK);
        free(bk);
        assert_int_equal(pairs.n, 0);
        nd__pool_free(pool);
    }
    nd__u64vec_free(&pairs);
}

/* Many bands and many articles: the pairs
 * are exactly those that agree on every row of some band, each once,
 * sorted, on any number of threads. Families of articles share most
 * values, so pairs come back band after band and must be merged. */
static void test_candidates_many_bands(void **state)
{
    (void)state;
    enum { N = 240, K = 128, BANDS = 42, ROWS = 3 };
    uint32_t *sigs = malloc((size_t)N * K * sizeof *sigs), docs[N];
    assert_non_null(sigs);
    uint64_t rng = 7;
    for (size_t d = 0; d < N; d++) {
        docs[d] = (uint32_t)d;
        const size_t family = d % 30; /* eight articles each */
        for (size_t j = 0; j < K; j++) {
            uint64_t r = nd__splitmix64(&rng);
            /* a family's value, or (one time in three) the article's own */
            sigs[d * K + j] = r % 3 ? (uint32_t)(family * 1000 + j) : (uint32_t)r;
        }
    }
    nd__u64vec want = {0}, got = {0};
    for (size_t a = 0; a < N; a++)
        for (size_t b = a + 1; b < N; b++)
            for (size_t band = 0; band < BANDS; band++)
                if (memcmp(sigs + a * K + band * ROWS, sigs + b * K + band * ROWS,
                           ROWS * sizeof *sigs) == 0) {
                    assert_int_equal(nd__u64vec_push(&want, (uint64_t)a << 32 | b), ND_OK);
                    break;
                }
    assert_true(want.n > N); /* families pair up, often in many bands */
    for (unsigned threads = 1; threads <= 3; threads++) {
        nd__pool *pool = NULL;
        if (threads > 1)
            assert_int_equal(nd__pool_new(threads, &pool), ND_OK);
        uint32_t *bk = bucket_all(sigs, K, docs, N, BANDS, ROWS, 99);
        assert_int_equal(nd__lsh_candidates_mt(bk, docs, N, BANDS, pool, threads, &got), ND_OK);
        free(bk);
        assert_int_equal(got.n, want.n);
        assert_memory_equal(got.v, want.v, want.n * sizeof *want.v);
        nd__pool_free(pool);
    }
    nd__u64vec_free(&want);
    nd__u64vec_free(&got);
    free(sigs);
}

/* A bucket is the top half of a record, the article its low half: the
 * pairs are those of each bucket, low article first, whatever the
 * articles' bits (a bucket holding 2^32 - 1 too). */
static void test_bucket_pairs(void **state)
{
    (void)state;
    const uint64_t top = 0xDEADBEEF00000000ULL, seven = (uint64_t)7 << 32;
    uint64_t rec[] = {top | 10, seven | 11, top | 12, (top + (1ULL << 32)) | 13,
                      seven | 14, top | 15, (uint64_t)5 << 32 | 16, top | 0xFFFFFFFFu};
    uint64_t tmp[8];
    nd__u64vec pairs = {0};
    assert_int_equal(nd__lsh_bucket_pairs(rec, tmp, 8, &pairs), ND_OK);
    /* top: 10, 12, 15, 2^32 - 1 (six pairs); 7: 11, 14; the rest alone */
    const uint64_t want[] = {(uint64_t)10 << 32 | 12,         (uint64_t)10 << 32 | 15,
                             (uint64_t)10 << 32 | 0xFFFFFFFFu, (uint64_t)11 << 32 | 14,
                             (uint64_t)12 << 32 | 15,         (uint64_t)12 << 32 | 0xFFFFFFFFu,
                             (uint64_t)15 << 32 | 0xFFFFFFFFu};
    assert_int_equal(pairs.n, 7);
    nd__u64_sort_unique(pairs.v, &pairs.n);
    assert_int_equal(pairs.n, 7);
    assert_memory_equal(pairs.v, want, sizeof want);
    nd__u64vec_free(&pairs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probability_formula),
        cmocka_unit_test(test_params_default),
        cmocka_unit_test(test_params_rule),
        cmocka_unit_test(test_buckets),
        cmocka_unit_test(test_candidates),
        cmocka_unit_test(test_candidates_many_bands),
        cmocka_unit_test(test_bucket_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
