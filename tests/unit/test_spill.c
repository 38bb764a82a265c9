/*
 * test_spill.c - the spill file: pieces queued without a copy come back
 * byte for byte at the offsets handed out, however many a flush writes
 * (more than one pwritev takes); without a temporary folder, the first
 * piece fails and says so.
 */
#include "testutil.h"

#include <stdint.h>

#include "minhash.h" /* nd__splitmix64 */
#include "spill.h"

#define PIECES 3000 /* more than IOV_MAX (1024 on Linux): several calls */

static void test_queue_flush_read(void **state)
{
    (void)state;
    nd__spill s = {-1, 0, 0, NULL, 0, 0};
    unsigned char *data = malloc(PIECES * 64);
    size_t *len = malloc(PIECES * sizeof *len), *at = malloc(PIECES * sizeof *at);
    uint64_t *off = malloc(PIECES * sizeof *off);
    assert_non_null(data);
    assert_non_null(len);
    assert_non_null(at);
    assert_non_null(off);
    uint64_t rng = 7;
    size_t used = 0;
    for (size_t i = 0; i < PIECES; i++) {
        len[i] = (size_t)(nd__splitmix64(&rng) % 64); /* empty pieces too */
        at[i] = used;
        for (size_t b = 0; b < len[i]; b++)
            data[used + b] = (unsigned char)nd__splitmix64(&rng);
        used += len[i];
    }
    /* two flushes: the second batch's offsets follow the first's */
    uint64_t expect = 0;
    for (size_t i = 0; i < PIECES; i++) {
        assert_int_equal(nd__spill_queue(&s, data + at[i], len[i], &off[i]), ND_OK);
        assert_int_equal(off[i], expect);
        expect += len[i];
        if (i == PIECES / 3)
            assert_int_equal(nd__spill_flush(&s), ND_OK);
    }
    assert_int_equal(s.end, expect);
    assert_int_equal(nd__spill_flush(&s), ND_OK);
    assert_int_equal(s.written, expect);
    assert_int_equal(nd__spill_flush(&s), ND_OK); /* nothing queued */

    unsigned char buf[64];
    for (size_t i = 0; i < PIECES; i++) {
        if (!len[i])
            continue;
        assert_int_equal(nd__spill_read(&s, off[i], buf, len[i]), ND_OK);
        assert_memory_equal(buf, data + at[i], len[i]);
    }
    unsigned char *all = malloc(used ? used : 1);
    assert_non_null(all);
    assert_int_equal(nd__spill_read(&s, 0, all, used), ND_OK); /* one read for all */
    assert_memory_equal(all, data, used);
    assert_int_equal(nd__spill_read(&s, used, buf, 1), ND_EIO); /* past the end */
    nd__spill_close(&s);
    assert_int_equal(s.fd, -1);
    assert_null(s.q);
    free(all);
    free(data);
    free(len);
    free(at);
    free(off);
}

static void test_no_temporary_folder(void **state)
{
    (void)state;
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    assert_int_equal(setenv("TMPDIR", "/nonexistent/neardup-test", 1), 0);
    nd__spill s = {-1, 0, 0, NULL, 0, 0};
    uint64_t off;
    assert_int_equal(nd__spill_queue(&s, "abc", 3, &off), ND_EIO);
    assert_int_equal(nd__spill_flush(&s), ND_OK); /* nothing was queued */
    nd__spill_close(&s);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_flush_read),
        cmocka_unit_test(test_no_temporary_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
