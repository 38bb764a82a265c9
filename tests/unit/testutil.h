/*
 * testutil.h - what every cmocka test file needs, in the order cmocka 1.1.5
 * requires (its header uses these without including them).
 */
#ifndef ND_TESTUTIL_H
#define ND_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <neardup.h>

/* The repository root, so tests find fixtures/ from any working folder. */
#ifndef ND_TEST_ROOT
#define ND_TEST_ROOT "."
#endif

/* How many random cases a test tries: full, or a fortieth of it (100 at
 * least) when NEARDUP_TEST_QUICK is set. tests/cli/valgrind_units.sh sets
 * it: valgrind looks for uninitialised reads and leaks, which a few hundred
 * cases show as well as 20,000 at fifty times the cost, while the plain and
 * sanitizer runs keep the full count. */
static inline int test_cases(int full)
{
    const char *quick = getenv("NEARDUP_TEST_QUICK");
    if (!quick || !*quick || strcmp(quick, "0") == 0)
        return full;
    return full / 40 > 100 ? full / 40 : (full < 100 ? full : 100);
}

/* Read a whole file into a NUL-terminated buffer (caller frees); NULL on error. */
static inline char *test_slurp(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[len] = '\0';
        if (len_out)
            *len_out = len;
    }
    return buf;
}

/* A growing in-memory sink for nd_write_fn outputs. */
typedef struct test_sink {
    char *buf;
    size_t len, cap;
} test_sink;

static inline int test_sink_write(const void *p, size_t n, void *payload)
{
    test_sink *s = payload;
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n + 1)
            cap *= 2;
        char *nb = realloc(s->buf, cap);
        if (!nb)
            return 1;
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = '\0';
    return 0;
}

/* Point TMPDIR at a folder that does not exist, so that the spill file
 * cannot be made; returns the old value (or NULL) for test_tmpdir_restore. */
static inline char *test_tmpdir_break(void)
{
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    if (setenv("TMPDIR", "/nonexistent/neardup-test", 1) != 0)
        abort();
    return saved;
}

static inline void test_tmpdir_restore(char *saved)
{
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

#endif
