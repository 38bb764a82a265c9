/*
 * test_keep.c - the canonical policy and the date parser it relies on.
 */
#include "testutil.h"

#include <unistd.h>

#include "keep.h"

static void test_parse(void **state)
{
    (void)state;
    nd__keep k;
    nd__errbuf e = {{0}};
    assert_int_equal(nd__keep_parse("earliest,longest", &k, &e), ND_OK);
    assert_int_equal(k.n_keys, 2);
    assert_int_equal(k.keys[0], ND__KEEP_EARLIEST);
    assert_int_equal(k.keys[1], ND__KEEP_LONGEST);
    nd__keep_free(&k);
    assert_int_equal(nd__keep_parse(NULL, &k, &e), ND_OK); /* the default */
    assert_int_equal(k.keys[0], ND__KEEP_EARLIEST);
    nd__keep_free(&k);
    assert_int_equal(nd__keep_parse("earliest,bogus", &k, &e), ND_EPARSE);
    assert_non_null(strstr(e.msg, "bogus"));
    assert_int_equal(nd__keep_parse("source-rank", &k, &e), ND_EPARSE);
    assert_int_equal(nd__keep_parse("source-rank:/nonexistent/ranks", &k, &e), ND_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent/ranks"));
    char msg[256];
    assert_int_equal(nd_keep_check("first,latest,shortest", msg, sizeof msg), ND_OK);
    assert_int_equal(nd_keep_check("longest,", msg, sizeof msg), ND_OK);
    assert_int_equal(nd_keep_check("newest", msg, sizeof msg), ND_EPARSE);
}

static nd__keep_info info(size_t index, int has_date, int64_t date, size_t len, const char *src)
{
    nd__keep_info i = {index, has_date, date, len, src};
    return i;
}

static void test_compare(void **state)
{
    (void)state;
    nd__keep k;
    int key;
    assert_int_equal(nd__keep_parse("earliest,longest", &k, NULL), ND_OK);
    nd__keep_info a = info(0, 1, 100, 50, NULL), b = info(1, 1, 50, 10, NULL);
    assert_true(nd__keep_compare(&k, &b, &a, &key) < 0); /* b is earlier */
    assert_int_equal(key, 0);
    assert_string_equal(nd__keep_key_name(&k, key), "earliest");
    b.date = 100; /* same date: the longer wins */
    assert_true(nd__keep_compare(&k, &a, &b, &key) < 0);
    assert_string_equal(nd__keep_key_name(&k, key), "longest");
    b.length = 50; /* all equal: input order */
    assert_true(nd__keep_compare(&k, &a, &b, &key) < 0);
    assert_int_equal(key, -1);
    assert_string_equal(nd__keep_key_name(&k, key), "first");
    /* an article with a date beats one without */
    nd__keep_info nodate = info(0, 0, 0, 999, NULL);
    assert_true(nd__keep_compare(&k, &b, &nodate, NULL) < 0);
    nd__keep_free(&k);

    assert_int_equal(nd__keep_parse("shortest,latest", &k, NULL), ND_OK);
    nd__keep_info s = info(5, 1, 1, 10, NULL), l = info(2, 1, 9, 20, NULL);
    assert_true(nd__keep_compare(&k, &s, &l, NULL) < 0);
    l.length = 10;
    assert_true(nd__keep_compare(&k, &l, &s, NULL) < 0); /* later */
    nd__keep_free(&k);
}

static void test_source_rank(void **state)
{
    (void)state;
    char path[] = "/tmp/nd_ranksXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *body = "# preferred outlets, best first\nwire.example\n\n  harbour.example  \n";
    assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
    close(fd);
    char spec[128];
    snprintf(spec, sizeof spec, "source-rank:%s,first", path);
    nd__keep k;
    assert_int_equal(nd__keep_parse(spec, &k, NULL), ND_OK);
    assert_int_equal(k.n_sources, 2);
    nd__keep_info wire = info(3, 0, 0, 1, "wire.example");
    nd__keep_info harbour = info(1, 0, 0, 1, "harbour.example");
    nd__keep_info other = info(0, 0, 0, 1, "other.example");
    nd__keep_info none = info(4, 0, 0, 1, NULL);
    int key;
    assert_true(nd__keep_compare(&k, &wire, &harbour, &key) < 0);
    assert_string_equal(nd__keep_key_name(&k, key), "source-rank");
    assert_true(nd__keep_compare(&k, &harbour, &other, NULL) < 0);
    /* unlisted and unknown sources tie; then the "first" key decides */
    assert_true(nd__keep_compare(&k, &other, &none, &key) < 0);
    assert_int_equal(key, 1);
    nd__keep_free(&k);
    unlink(path);
}

static void test_dates(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(nd__parse_date("1970-01-01", &t), ND_OK);
    assert_true(t == 0);
    assert_int_equal(nd__parse_date("2026-03-04T09:15:00Z", &t), ND_OK);
    assert_true(t == 1772615700); /* date -u -d 2026-03-04T09:15:00Z +%s */
    int64_t u;
    assert_int_equal(nd__parse_date("2026-03-04 11:15+02:00", &u), ND_OK);
    assert_true(u == t);
    assert_int_equal(nd__parse_date("2026-03-04T09:15:00.250Z", &u), ND_OK);
    assert_true(u == t);
    assert_int_equal(nd__parse_date("2024-02-29", &u), ND_OK); /* leap day */
    assert_true(u == 1709164800);
    assert_int_equal(nd__parse_date("yesterday", &u), ND_EPARSE);
    assert_int_equal(nd__parse_date("2026-13-01", &u), ND_EPARSE);
    assert_int_equal(nd__parse_date("2026-03-04T25:00", &u), ND_EPARSE);
    assert_int_equal(nd__parse_date("2026-03-04 junk", &u), ND_EPARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_source_rank),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
