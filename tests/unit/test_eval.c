/*
 * test_eval.c - scoring a grouping against a ground truth: pair counts,
 * precision, recall, F1 and the adjusted Rand index, from labels and from
 * JSON Lines files. The expected values are worked out by hand in the
 * comments, from the definitions in docs/evaluation.md:
 *   N = n(n-1)/2, T = true pairs, P = predicted pairs, C = common pairs,
 *   precision = C/P, recall = C/T, F1 = 2C/(T+P),
 *   ARI = (C - TP/N) / ((T+P)/2 - TP/N) = 2(NC - TP) / (T(N-P) + P(N-T)).
 */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include <zlib.h>

#define EPS 1e-12

static nd_eval_result score(const uint64_t *t, const uint64_t *p, size_t n)
{
    nd_eval_result r;
    assert_int_equal(nd_eval_labels(t, p, n, &r), ND_OK);
    assert_int_equal(r.n_items, n);
    assert_int_equal(r.missing, 0);
    assert_int_equal(r.extra, 0);
    return r;
}

static void assert_all_one(const nd_eval_result *r)
{
    assert_float_equal(r->precision, 1.0, EPS);
    assert_float_equal(r->recall, 1.0, EPS);
    assert_float_equal(r->f1, 1.0, EPS);
    assert_float_equal(r->ari, 1.0, EPS);
}

/*
 * Six items, 0..5.
 *   truth:      {0,1,2} {3,4} {5}      labels 1 1 1 2 2 3
 *   prediction: {0,1} {2,3,4} {5}      labels 7 7 9 9 9 4
 * Pairs together in the truth: 01 02 12 34           T = 3 + 1 + 0 = 4
 * Pairs together in the prediction: 01 23 24 34      P = 1 + 3 + 0 = 4
 * In both: 01 34                                     C = 2
 * Contingency table (rows truth, columns prediction):
 *          7  9  4
 *     1    2  1  0     row sums 3, 2, 1 -> T = C(3,2) + C(2,2) = 4
 *     2    0  2  0     column sums 2, 3, 1 -> P = C(2,2) + C(3,2) = 4
 *     3    0  0  1     cells: C = C(2,2) + C(2,2) = 2
 * precision = 2/4, recall = 2/4, F1 = 4/8 = 0.5.
 * N = C(6,2) = 15; expected index TP/N = 16/15; max (T+P)/2 = 4;
 * ARI = (2 - 16/15) / (4 - 16/15) = (14/15) / (44/15) = 7/22.
 * Integer form: 2(15*2 - 16) / (4*11 + 4*11) = 28/88 = 7/22.
 */
static void test_six_items(void **state)
{
    (void)state;
    const uint64_t t[6] = {1, 1, 1, 2, 2, 3};
    const uint64_t p[6] = {7, 7, 9, 9, 9, 4};
    nd_eval_result r = score(t, p, 6);
    assert_int_equal(r.truth_groups, 3);
    assert_int_equal(r.pred_groups, 3);
    assert_int_equal(r.truth_pairs, 4);
    assert_int_equal(r.pred_pairs, 4);
    assert_int_equal(r.common_pairs, 2);
    assert_float_equal(r.precision, 0.5, EPS);
    assert_float_equal(r.recall, 0.5, EPS);
    assert_float_equal(r.f1, 0.5, EPS);
    assert_float_equal(r.ari, 7.0 / 22.0, EPS);

    /* the roles swapped: precision and recall swap, F1 and ARI stay */
    r = score(p, t, 6);
    assert_float_equal(r.precision, 0.5, EPS);
    assert_float_equal(r.recall, 0.5, EPS);
    assert_float_equal(r.ari, 7.0 / 22.0, EPS);

    /* the order of the items does not matter */
    const uint64_t t2[6] = {3, 2, 1, 2, 1, 1};
    const uint64_t p2[6] = {4, 9, 9, 9, 7, 7};
    r = score(t2, p2, 6);
    assert_int_equal(r.common_pairs, 2);
    assert_float_equal(r.ari, 7.0 / 22.0, EPS);
}

/*
 * Precision and recall differ. Five items.
 *   truth:      {0,1,2,3,4}            T = C(5,2) = 10
 *   prediction: {0,1,2} {3,4}          P = 3 + 1 = 4, all inside the truth: C = 4
 * precision = 4/4 = 1, recall = 4/10 = 0.4, F1 = 8/14 = 4/7.
 * N = 10 = T, so TP/N = P = 4 and ARI = (4 - 4) / (7 - 4) = 0: against one
 * true group, any split scores as chance.
 * The other way round (truth split, prediction merged):
 * precision = 0.4, recall = 1, F1 = 4/7, ARI = 0.
 */
static void test_merge_and_split(void **state)
{
    (void)state;
    const uint64_t one[5] = {0, 0, 0, 0, 0};
    const uint64_t two[5] = {1, 1, 1, 2, 2};
    nd_eval_result r = score(one, two, 5);
    assert_int_equal(r.truth_pairs, 10);
    assert_int_equal(r.pred_pairs, 4);
    assert_int_equal(r.common_pairs, 4);
    assert_float_equal(r.precision, 1.0, EPS);
    assert_float_equal(r.recall, 0.4, EPS);
    assert_float_equal(r.f1, 4.0 / 7.0, EPS);
    assert_float_equal(r.ari, 0.0, EPS);
    r = score(two, one, 5);
    assert_float_equal(r.precision, 0.4, EPS);
    assert_float_equal(r.recall, 1.0, EPS);
    assert_float_equal(r.f1, 4.0 / 7.0, EPS);
    assert_float_equal(r.ari, 0.0, EPS);
}

/*
 * Worse than chance. Four items.
 *   truth:      {0,1} {2,3}        T = 2
 *   prediction: {0,2} {1,3}        P = 2, C = 0
 * N = 6: ARI = 2(6*0 - 2*2) / (2*(6-2) + 2*(6-2)) = -8/16 = -0.5.
 * precision = recall = F1 = 0.
 */
static void test_negative_ari(void **state)
{
    (void)state;
    const uint64_t t[4] = {0, 0, 1, 1};
    const uint64_t p[4] = {0, 1, 0, 1};
    nd_eval_result r = score(t, p, 4);
    assert_int_equal(r.common_pairs, 0);
    assert_float_equal(r.precision, 0.0, EPS);
    assert_float_equal(r.recall, 0.0, EPS);
    assert_float_equal(r.f1, 0.0, EPS);
    assert_float_equal(r.ari, -0.5, EPS);
}

/* Perfect agreement, with labels that are neither 0..k-1 nor the same
 * values on both sides: only equality counts. */
static void test_perfect_arbitrary_labels(void **state)
{
    (void)state;
    const uint64_t t[7] = {UINT64_MAX, 5, 5, 1ull << 63, 1ull << 63, 1ull << 63, 0};
    const uint64_t p[7] = {42, 0, 0, UINT64_MAX, UINT64_MAX, UINT64_MAX, 7};
    nd_eval_result r = score(t, p, 7);
    assert_int_equal(r.truth_groups, 4);
    assert_int_equal(r.pred_groups, 4);
    assert_int_equal(r.truth_pairs, 1 + 3);
    assert_int_equal(r.pred_pairs, 4);
    assert_int_equal(r.common_pairs, 4);
    assert_all_one(&r);
}

/*
 * All singletons against one big group, four items.
 * truth singletons: T = 0; prediction one group: P = C(4,2) = 6 = N; C = 0.
 * precision = 0/6 = 0; recall has no true pairs but predicted pairs exist,
 * so by the rule it is 0; F1 = 0/(0+6) = 0.
 * ARI = 2(6*0 - 0*6) / (0*(6-6) + 6*(6-0)) = 0/36 = 0.
 * Reversed (one true group, singletons predicted): P = 0 but T = 6, so
 * precision is 0; recall 0/6 = 0; F1 0; ARI 0 likewise.
 */
static void test_singletons_vs_one_group(void **state)
{
    (void)state;
    const uint64_t single[4] = {10, 20, 30, 40};
    const uint64_t one[4] = {3, 3, 3, 3};
    nd_eval_result r = score(single, one, 4);
    assert_int_equal(r.truth_pairs, 0);
    assert_int_equal(r.pred_pairs, 6);
    assert_int_equal(r.truth_groups, 4);
    assert_int_equal(r.pred_groups, 1);
    assert_float_equal(r.precision, 0.0, EPS);
    assert_float_equal(r.recall, 0.0, EPS);
    assert_float_equal(r.f1, 0.0, EPS);
    assert_float_equal(r.ari, 0.0, EPS);
    r = score(one, single, 4);
    assert_int_equal(r.truth_pairs, 6);
    assert_int_equal(r.pred_pairs, 0);
    assert_float_equal(r.precision, 0.0, EPS);
    assert_float_equal(r.recall, 0.0, EPS);
    assert_float_equal(r.f1, 0.0, EPS);
    assert_float_equal(r.ari, 0.0, EPS);
}

/*
 * Degenerate cases where every ratio is 0/0: both all singletons (T = P = 0),
 * both one group (the ARI denominator T(N-P) + P(N-T) = 0), and fewer than
 * two items (N = 0). The groupings are identical, so everything is 1.
 */
static void test_degenerate(void **state)
{
    (void)state;
    const uint64_t a[3] = {1, 2, 3}, b[3] = {9, 8, 7};
    nd_eval_result r = score(a, b, 3);
    assert_int_equal(r.truth_pairs, 0);
    assert_int_equal(r.pred_pairs, 0);
    assert_all_one(&r);

    const uint64_t c[3] = {4, 4, 4}, d[3] = {0, 0, 0};
    r = score(c, d, 3);
    assert_int_equal(r.common_pairs, 3);
    assert_all_one(&r);

    r = score(a, b, 1);
    assert_int_equal(r.truth_groups, 1);
    assert_all_one(&r);
    r = score(NULL, NULL, 0);
    assert_int_equal(r.truth_groups, 0);
    assert_int_equal(r.truth_pairs, 0);
    assert_all_one(&r);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    const uint64_t a[2] = {1, 2};
    nd_eval_result r;
    r.n_items = 99;
    assert_int_equal(nd_eval_labels(a, NULL, 2, &r), ND_EINVAL);
    assert_int_equal(r.n_items, 0); /* zeroed on error */
    assert_int_equal(nd_eval_labels(NULL, a, 2, &r), ND_EINVAL);
    assert_int_equal(nd_eval_labels(a, a, 2, NULL), ND_EINVAL);
}

/* A small deterministic generator, so the brute-force check below sees
 * varied tables without depending on rand(). */
static uint64_t next_rand(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* The O(n^2) definition, pair by pair, must match the table method. */
static void test_brute_force(void **state)
{
    (void)state;
    enum { N = 300 };
    uint64_t t[N], p[N], s = 12345;
    for (int round = 0; round < 20; round++) {
        uint64_t kt = 1 + next_rand(&s) % 40, kp = 1 + next_rand(&s) % 40;
        for (int i = 0; i < N; i++) {
            t[i] = next_rand(&s) % kt * 1000003u;
            /* mostly follow the truth, sometimes not, so C varies */
            p[i] = next_rand(&s) % 4 ? t[i] / 1000003u % kp : next_rand(&s) % kp;
        }
        uint64_t tt = 0, pp = 0, cc = 0;
        for (int i = 0; i < N; i++)
            for (int j = i + 1; j < N; j++) {
                tt += t[i] == t[j];
                pp += p[i] == p[j];
                cc += t[i] == t[j] && p[i] == p[j];
            }
        nd_eval_result r = score(t, p, N);
        assert_int_equal(r.truth_pairs, tt);
        assert_int_equal(r.pred_pairs, pp);
        assert_int_equal(r.common_pairs, cc);
        long double n2 = (long double)N * (N - 1) / 2, e = (long double)tt * pp / n2;
        long double half = ((long double)tt + pp) / 2;
        double ari = half == e ? 1.0 : (double)((cc - e) / (half - e));
        assert_float_equal(r.ari, ari, 1e-12);
        if (pp)
            assert_float_equal(r.precision, (double)cc / (double)pp, EPS);
        if (tt)
            assert_float_equal(r.recall, (double)cc / (double)tt, EPS);
    }
}

static uint64_t choose2(uint64_t k)
{
    return k * (k - 1) / 2;
}

/*
 * Counts past 2^64 inside the ARI. n = 200000 items:
 *   truth: i / 100000      -> two groups of 100000
 *   pred:  i / 60000       -> 60000, 60000, 60000, 20000
 * Cells: [0, 60000) 60000; [60000, 100000) 40000; [100000, 120000) 20000;
 *        [120000, 180000) 60000; [180000, 200000) 20000.
 * N * C is about 2e10 * 4e9 = 8e19 > 2^64, so a 64-bit product would wrap.
 */
static void test_large_counts(void **state)
{
    (void)state;
    const size_t n = 200000;
    uint64_t *t = malloc(n * sizeof *t), *p = malloc(n * sizeof *p);
    assert_non_null(t);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        t[i] = i / 100000;
        p[i] = i / 60000;
    }
    nd_eval_result r = score(t, p, n);
    uint64_t tt = 2 * choose2(100000);
    uint64_t pp = 3 * choose2(60000) + choose2(20000);
    uint64_t cc = 2 * choose2(60000) + choose2(40000) + 2 * choose2(20000);
    assert_int_equal(r.truth_pairs, tt);
    assert_int_equal(r.pred_pairs, pp);
    assert_int_equal(r.common_pairs, cc);
    long double n2 = (long double)choose2(n);
    long double num = n2 * cc - (long double)tt * pp;
    long double den = (long double)tt * (n2 - pp) + (long double)pp * (n2 - tt);
    assert_float_equal(r.ari, (double)(2 * num / den), 1e-12);
    assert_true(r.ari > 0.3 && r.ari < 0.7);
    free(t);
    free(p);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

#define PATH_SIZE 128

typedef struct tmpdir {
    char path[64];
} tmpdir;

static int make_dir(void **state)
{
    tmpdir *d = malloc(sizeof *d);
    if (!d)
        return -1;
    snprintf(d->path, sizeof d->path, "/tmp/nd_evalXXXXXX");
    if (!mkdtemp(d->path)) {
        free(d);
        return -1;
    }
    *state = d;
    return 0;
}

static int remove_dir(void **state)
{
    tmpdir *d = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->path);
    int rc = system(cmd);
    free(d);
    return rc == 0 ? 0 : -1;
}

/* Write body to the file name in the test's folder; its path goes to path. */
static void put(void **state, const char *name, const char *body, char *path)
{
    tmpdir *d = *state;
    snprintf(path, PATH_SIZE, "%s/%s", d->path, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(body, 1, strlen(body), f), strlen(body));
    assert_int_equal(fclose(f), 0);
}

/*
 * The six-item example again, as files. The truth mixes string and number
 * groups and ids (17 and "17" are the same id); the prediction is in the
 * `neardup cluster` format, lists the items in another order, leaves out
 * item f (a singleton anyway, so nothing changes: missing = 1), and adds
 * two ids the truth does not have (extra = 2). A blank line and a CRLF
 * ending are skipped.
 *   truth {a,b,c} {d,17} {f}; prediction {a,b} {c,d,17} ({f} missing)
 * -> T = 4, P = 4, C = 2, ARI = 7/22 as in test_six_items.
 */
static void test_files(void **state)
{
    char truth[PATH_SIZE], pred[PATH_SIZE];
    put(state, "truth.jsonl",
        "{\"id\":\"a\",\"group\":\"x\"}\n"
        "{\"id\":\"b\",\"group\":\"x\"}\n"
        "\n"
        "{\"id\":\"c\",\"group\":\"x\"}\r\n"
        "{\"id\":\"d\",\"group\":5}\n"
        "{\"id\":17,\"group\":\"5\",\"kind\":\"light\"}\n"
        "{\"id\":\"f\",\"group\":6}",
        truth);
    put(state, "pred.jsonl",
        "{\"id\":\"17\",\"group\":1,\"canonical_id\":\"c\",\"role\":\"duplicate\","
        "\"similarity\":0.9,\"containment\":1}\n"
        "{\"id\":\"zz\",\"group\":0}\n"
        "{\"id\":\"a\",\"group\":0}\n"
        "{\"id\":\"b\",\"group\":0}\n"
        "{\"id\":\"c\",\"group\":1}\n"
        "{\"id\":\"d\",\"group\":1}\n"
        "{\"id\":\"yy\",\"group\":2}\n",
        pred);
    nd_eval_result r;
    char msg[256];
    assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_OK);
    assert_string_equal(msg, "");
    assert_int_equal(r.n_items, 6);
    assert_int_equal(r.truth_groups, 3);
    assert_int_equal(r.pred_groups, 3); /* {a,b} {c,d,17} and the missing f */
    assert_int_equal(r.truth_pairs, 4);
    assert_int_equal(r.pred_pairs, 4);
    assert_int_equal(r.common_pairs, 2);
    assert_int_equal(r.missing, 1);
    assert_int_equal(r.extra, 2);
    assert_float_equal(r.ari, 7.0 / 22.0, EPS);

    /*
     * Missing items are singletons, never one shared group: with the
     * prediction holding only a and b together, and c, d, 17, f missing,
     * P = 1 (ab), C = 1, so precision 1, recall 1/4.
     */
    put(state, "pred2.jsonl", "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\",\"group\":0}\n", pred);
    assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_OK);
    assert_int_equal(r.missing, 4);
    assert_int_equal(r.extra, 0);
    assert_int_equal(r.pred_pairs, 1);
    assert_int_equal(r.pred_groups, 5);
    assert_float_equal(r.precision, 1.0, EPS);
    assert_float_equal(r.recall, 0.25, EPS);

    /* the truth against itself is perfect */
    assert_int_equal(nd_eval_files(truth, truth, &r, NULL, 0), ND_OK);
    assert_all_one(&r);
    assert_int_equal(r.missing, 0);
}

static void test_files_gzip(void **state)
{
    tmpdir *d = *state;
    char path[PATH_SIZE];
    snprintf(path, sizeof path, "%s/pred.jsonl.gz", d->path);
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    const char *body = "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\",\"group\":0}\n"
                       "{\"id\":\"c\",\"group\":1}\n";
    assert_int_equal(gzwrite(gz, body, (unsigned)strlen(body)), (int)strlen(body));
    assert_int_equal(gzclose(gz), Z_OK);
    char truth[PATH_SIZE];
    put(state, "t.jsonl",
        "{\"id\":\"a\",\"group\":1}\n{\"id\":\"b\",\"group\":1}\n"
        "{\"id\":\"c\",\"group\":1}\n",
        truth);
    nd_eval_result r;
    assert_int_equal(nd_eval_files(truth, path, &r, NULL, 0), ND_OK);
    /* T = 3 (ab ac bc), P = 1 (ab), C = 1 */
    assert_int_equal(r.truth_pairs, 3);
    assert_int_equal(r.pred_pairs, 1);
    assert_int_equal(r.common_pairs, 1);
    assert_float_equal(r.recall, 1.0 / 3.0, EPS);

    /* a gzip file cut short is corrupt, not silently shorter */
    size_t len = 0;
    char *whole = test_slurp(path, &len);
    assert_non_null(whole);
    char cut[PATH_SIZE];
    snprintf(cut, sizeof cut, "%s/cut.jsonl.gz", d->path);
    FILE *f = fopen(cut, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(whole, 1, len - 6, f), len - 6);
    fclose(f);
    free(whole);
    char msg[256];
    assert_int_equal(nd_eval_files(truth, cut, &r, msg, sizeof msg), ND_ECORRUPT);
    assert_non_null(strstr(msg, "cut.jsonl.gz"));
}

static void test_files_errors(void **state)
{
    nd_eval_result r;
    char msg[256], truth[PATH_SIZE];
    put(state, "truth.jsonl",
        "{\"id\":\"a\",\"group\":1}\n"
        "{\"id\":\"b\",\"group\":1}\n"
        "{\"id\":\"a\",\"group\":2}\n",
        truth);
    /* a duplicate id in the truth: the line of the repeat and of the first */
    assert_int_equal(nd_eval_files(truth, truth, &r, msg, sizeof msg), ND_EPARSE);
    assert_non_null(strstr(msg, "truth.jsonl:3: duplicate id 'a' (first on line 1)"));
    assert_int_equal(r.n_items, 0);

    put(state, "truth.jsonl", "{\"id\":\"a\",\"group\":1}\n{\"id\":\"b\",\"group\":1}\n", truth);
    /* a duplicate in the predictions, for an id of the truth and for an extra */
    char pred[PATH_SIZE];
    put(state, "p.jsonl", "{\"id\":\"b\",\"group\":0}\n\n{\"id\":\"b\",\"group\":0}\n", pred);
    assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_EPARSE);
    assert_non_null(strstr(msg, "p.jsonl:3: duplicate id 'b' (first on line 1)"));
    put(state, "p.jsonl", "{\"id\":\"q\",\"group\":0}\n{\"id\":\"q\",\"group\":3}\n", pred);
    assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_EPARSE);
    assert_non_null(strstr(msg, "p.jsonl:2: duplicate id 'q'"));

    /* broken lines */
    static const char *const bad[] = {
        "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\",\"group\":\n",
        "{\"id\":\"a\",\"group\":0}\n[1,2]\n",
        "{\"id\":\"a\",\"group\":0}\n{\"group\":1}\n",
        "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\"}\n",
        "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\",\"group\":null}\n",
        "{\"id\":\"a\",\"group\":0}\n{\"id\":true,\"group\":1}\n",
        "{\"id\":\"a\",\"group\":0}\n{\"id\":\"b\",\"group\":1} x\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        put(state, "bad.jsonl", bad[i], pred);
        assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_EPARSE);
        assert_non_null(strstr(msg, "bad.jsonl:2: "));
    }

    /* a file that cannot be opened is named */
    assert_int_equal(nd_eval_files("/nonexistent/truth.jsonl", truth, &r, msg, sizeof msg), ND_EIO);
    assert_non_null(strstr(msg, "/nonexistent/truth.jsonl"));
    assert_int_equal(nd_eval_files(truth, "/nonexistent/pred.jsonl", &r, msg, sizeof msg), ND_EIO);
    assert_non_null(strstr(msg, "/nonexistent/pred.jsonl"));
    assert_int_equal(nd_eval_files("-", "-", &r, msg, sizeof msg), ND_EINVAL);
    assert_int_equal(nd_eval_files(NULL, truth, &r, msg, sizeof msg), ND_EINVAL);
    assert_int_equal(nd_eval_files(truth, truth, NULL, msg, sizeof msg), ND_EINVAL);

    /* a short message buffer is cut, not overrun */
    char tiny[8];
    assert_int_equal(nd_eval_files("/nonexistent/x", truth, &r, tiny, sizeof tiny), ND_EIO);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);

    /* an empty truth scores no items; every prediction is extra */
    char empty[PATH_SIZE];
    put(state, "empty.jsonl", "\n\n", empty);
    assert_int_equal(nd_eval_files(empty, truth, &r, msg, sizeof msg), ND_OK);
    assert_int_equal(r.n_items, 0);
    assert_int_equal(r.extra, 2);
    assert_all_one(&r);
}

/* Many ids, so the id table grows several times; every one must be found. */
static void test_files_many(void **state)
{
    tmpdir *d = *state;
    char truth[PATH_SIZE], pred[PATH_SIZE];
    snprintf(truth, sizeof truth, "%s/big_truth.jsonl", d->path);
    snprintf(pred, sizeof pred, "%s/big_pred.jsonl", d->path);
    FILE *ft = fopen(truth, "w"), *fp = fopen(pred, "w");
    assert_non_null(ft);
    assert_non_null(fp);
    const int n = 20000;
    for (int i = 0; i < n; i++) {
        /* groups of 4 in the truth; the prediction splits each into 2 + 2 */
        fprintf(ft, "{\"id\":\"doc-%d\",\"group\":\"g%d\"}\n", i, i / 4);
        fprintf(fp, "{\"id\":\"doc-%d\",\"group\":%d}\n", n - 1 - i, (n - 1 - i) / 2);
    }
    fclose(ft);
    fclose(fp);
    nd_eval_result r;
    char msg[256];
    assert_int_equal(nd_eval_files(truth, pred, &r, msg, sizeof msg), ND_OK);
    /* per true group of 4: T = 6, P = 2, C = 2 */
    assert_int_equal(r.n_items, (uint64_t)n);
    assert_int_equal(r.missing, 0);
    assert_int_equal(r.truth_pairs, (uint64_t)n / 4 * 6);
    assert_int_equal(r.pred_pairs, (uint64_t)n / 4 * 2);
    assert_int_equal(r.common_pairs, (uint64_t)n / 4 * 2);
    assert_float_equal(r.precision, 1.0, EPS);
    assert_float_equal(r.recall, 1.0 / 3.0, EPS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_six_items),
        cmocka_unit_test(test_merge_and_split),
        cmocka_unit_test(test_negative_ari),
        cmocka_unit_test(test_perfect_arbitrary_labels),
        cmocka_unit_test(test_singletons_vs_one_group),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_large_counts),
        cmocka_unit_test_setup_teardown(test_files, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_files_gzip, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_files_errors, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(test_files_many, make_dir, remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
