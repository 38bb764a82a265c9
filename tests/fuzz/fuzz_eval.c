/*
 * fuzz_eval.c - nd_eval_files on two files made from the input.
 *
 * The input is split at the first "\n####\n": the part before it is the
 * truth file, the part after it the predictions. Without the marker both
 * files hold the whole input, so a successful score must be perfect.
 * The prediction file is read a second time gzip-compressed, which must
 * give the same result (the message too small to hold: 8 bytes, to catch
 * a write past it). Checks (abort on failure): on error, a zeroed result and
 * a message; on success, every ratio in [0, 1], an ARI of at most 1, pair
 * counts that fit together, and, when both files hold the same ids, the
 * same scores with the files swapped (precision and recall exchanged).
 */
#include <math.h>

#include <zlib.h>

#include "neardup.h"

#include "fuzz.h"

#define MARK "\n####\n"

static void check_result(int err, const nd_eval_result *r, const char *msg)
{
    FUZZ_CHECK(err <= 0 && err >= ND_ESTATE);
    FUZZ_CHECK(err != ND_EINVAL);
    if (err < 0) {
        nd_eval_result zero;
        memset(&zero, 0, sizeof zero);
        FUZZ_CHECK(memcmp(r, &zero, sizeof zero) == 0);
        FUZZ_CHECK(msg[0] != '\0');
        return;
    }
    FUZZ_CHECK(msg[0] == '\0');
    uint64_t n = r->n_items;
    uint64_t all = n % 2 == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
    FUZZ_CHECK(r->truth_groups <= n && r->pred_groups <= n);
    FUZZ_CHECK(n == 0 || (r->truth_groups >= 1 && r->pred_groups >= 1));
    FUZZ_CHECK(r->truth_pairs <= all && r->pred_pairs <= all);
    FUZZ_CHECK(r->common_pairs <= r->truth_pairs && r->common_pairs <= r->pred_pairs);
    FUZZ_CHECK(r->missing <= n);
    FUZZ_CHECK(r->precision >= 0.0 && r->precision <= 1.0);
    FUZZ_CHECK(r->recall >= 0.0 && r->recall <= 1.0);
    FUZZ_CHECK(r->f1 >= 0.0 && r->f1 <= 1.0);
    FUZZ_CHECK(isfinite(r->ari) && r->ari <= 1.0 + 1e-12 && r->ari >= -1.0 - 1e-12);
    if (r->truth_pairs + r->pred_pairs > 0) {
        double f1 = 2.0 * (double)r->common_pairs / (double)(r->truth_pairs + r->pred_pairs);
        FUZZ_CHECK(fabs(f1 - r->f1) < 1e-9);
    }
}

static const uint8_t *find_mark(const uint8_t *data, size_t size)
{
    size_t m = sizeof MARK - 1;
    for (size_t i = 0; i + m <= size; i++)
        if (memcmp(data + i, MARK, m) == 0)
            return data + i;
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > ((size_t)1 << 20))
        return 0;
    static nd_fuzz_file truth_file, pred_file, predgz_file;
    if (!truth_file.path[0]) {
        nd_fuzz_file_open(&truth_file);
        nd_fuzz_file_open(&pred_file);
        nd_fuzz_file_open(&predgz_file);
    }
    const char *truth = truth_file.path, *pred = pred_file.path, *predgz = predgz_file.path;
    const uint8_t *mark = find_mark(data, size);
    const uint8_t *p = data;
    size_t tn = size, pn = size;
    if (mark) {
        tn = (size_t)(mark - data);
        p = mark + sizeof MARK - 1;
        pn = size - tn - (sizeof MARK - 1);
    }
    nd_fuzz_file_set(&truth_file, data, tn);
    nd_fuzz_file_set(&pred_file, p, pn);

    char msg[512];
    nd_eval_result r;
    memset(msg, 'x', sizeof msg);
    int err = nd_eval_files(truth, pred, &r, msg, sizeof msg);
    FUZZ_CHECK(memchr(msg, '\0', sizeof msg) != NULL);
    check_result(err, &r, msg);
    if (!mark && err == ND_OK) {
        /* a file against itself */
        FUZZ_CHECK(r.precision == 1.0 && r.recall == 1.0 && r.f1 == 1.0 && r.ari == 1.0);
        FUZZ_CHECK(r.missing == 0 && r.extra == 0);
        FUZZ_CHECK(r.truth_groups == r.pred_groups && r.truth_pairs == r.pred_pairs);
        FUZZ_CHECK(r.common_pairs == r.truth_pairs);
    }
    if (err == ND_OK && r.missing == 0 && r.extra == 0) {
        nd_eval_result s;
        char smsg[512];
        FUZZ_CHECK(nd_eval_files(pred, truth, &s, smsg, sizeof smsg) == ND_OK);
        FUZZ_CHECK(s.n_items == r.n_items && s.missing == 0 && s.extra == 0);
        FUZZ_CHECK(s.truth_groups == r.pred_groups && s.pred_groups == r.truth_groups);
        FUZZ_CHECK(s.truth_pairs == r.pred_pairs && s.pred_pairs == r.truth_pairs);
        FUZZ_CHECK(s.common_pairs == r.common_pairs);
        FUZZ_CHECK(s.precision == r.recall && s.recall == r.precision);
        FUZZ_CHECK(s.f1 == r.f1 && s.ari == r.ari);
    }

    /* the predictions again, gzip-compressed: the same answer */
    if (!(pn >= 2 && p[0] == 0x1F && p[1] == 0x8B)) {
        size_t gz_len = 0;
        uint8_t *gz = nd_fuzz_gzip(p, pn, &gz_len);
        nd_fuzz_file_set(&predgz_file, gz, gz_len);
        free(gz);
        char *small = malloc(8);
        FUZZ_CHECK(small != NULL);
        nd_eval_result z;
        int zerr = nd_eval_files(truth, predgz, &z, small, 8);
        FUZZ_CHECK(zerr == err);
        FUZZ_CHECK(memchr(small, '\0', 8) != NULL);
        if (err == ND_OK)
            FUZZ_CHECK(memcmp(&z, &r, sizeof r) == 0);
        free(small);
    }
    return 0;
}
