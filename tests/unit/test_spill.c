/*
 * test_spill.c - the spill file: pieces queued without a copy come back
 * byte for byte at the offsets handed out, however many a flush writes
 * (more than one pwritev takes); without a temporary folder, the first
 * piece fails and says so; after a failed flush, everything fails.
 */
#include "testutil.h"

#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>

#include "minhash.h" /* nd__splitmix64 */
#include "spill.h"

#define PIECES 3000 /* more than one pwritev takes (1024 on Linux): several calls */

static void test_queue_flush_read(void **state)
{
    (void)state;
    nd__spill s = {.fd = -1};
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
    char *saved = test_tmpdir_break();
    nd__spill s = {.fd = -1};
    uint64_t off;
    assert_int_equal(nd__spill_queue(&s, "abc", 3, &off), ND_EIO);
    assert_int_equal(nd__spill_flush(&s), ND_OK); /* nothing was queued */
    nd__spill_close(&s);
    test_tmpdir_restore(saved);
}

/* A flush the file system refuses part of (here: past the file size
 * limit, after a partial write) fails, and so does every call after it:
 * the offsets handed out no longer match the file. */
static void test_failed_flush_is_final(void **state)
{
    (void)state;
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = {1000, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    nd__spill s = {.fd = -1};
    static char piece[700];
    uint64_t off;
    memset(piece, 'x', sizeof piece);
    assert_int_equal(nd__spill_queue(&s, piece, sizeof piece, &off), ND_OK);
    assert_int_equal(nd__spill_queue(&s, piece, sizeof piece, &off), ND_OK);
    assert_int_equal(off, sizeof piece);
    assert_int_equal(nd__spill_flush(&s), ND_EIO); /* 1000 of 1400 bytes fit */
    assert_int_equal(s.written, 1000);
    assert_int_equal(nd__spill_queue(&s, piece, 1, &off), ND_EIO);
    assert_int_equal(nd__spill_flush(&s), ND_EIO);
    nd__spill_close(&s);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, old_handler);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queue_flush_read),
        cmocka_unit_test(test_no_temporary_folder),
        cmocka_unit_test(test_failed_flush_is_final),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
