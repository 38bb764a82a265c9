/*
 * test_arena.c - bulk memory: what an arena hands out stays intact and
 * aligned across blocks and resets, and under AddressSanitizer the bytes
 * around each allocation are poisoned like the heap's.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "testutil.h"

#include <sys/mman.h>

#include "arena.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define HAVE_ASAN 1
#endif

/* Many allocations of odd sizes across several 32 MiB blocks: each is
 * aligned for 64-bit values and keeps its own contents. */
static void test_allocations_keep_contents(void **state)
{
    (void)state;
    nd__arena a = {0};
    enum { N = 3000 };
    unsigned char **p = calloc(N, sizeof *p);
    assert_non_null(p);
    for (size_t i = 0; i < N; i++) {
        size_t n = 1 + (i * 7919) % 40000;
        p[i] = nd__arena_alloc(&a, n);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        memset(p[i], (int)(i & 0xFF), n);
    }
    assert_true(a.bytes >= (size_t)N * 20000 / 2); /* several blocks' worth */
    for (size_t i = 0; i < N; i++) {
        size_t n = 1 + (i * 7919) % 40000;
        assert_int_equal(p[i][0], i & 0xFF);
        assert_int_equal(p[i][n - 1], i & 0xFF);
    }
    free(p);
    nd__arena_free(&a);
    assert_null(a.head);
}

/* One allocation larger than a block gets a block of its own. */
static void test_larger_than_a_block(void **state)
{
    (void)state;
    nd__arena a = {0};
    size_t big = (size_t)40 << 20;
    unsigned char *x = nd__arena_alloc(&a, 100);
    unsigned char *y = nd__arena_alloc(&a, big);
    assert_non_null(x);
    assert_non_null(y);
    y[0] = 1;
    y[big - 1] = 2;
    unsigned char *z = nd__arena_alloc(&a, 100);
    assert_non_null(z);
    assert_int_equal(y[0] + y[big - 1], 3);
    /* the big one has a block of its own: the small ones are outside it */
    assert_true(z < y || z >= y + big);
    assert_true(x < y || x >= y + big);
    nd__arena_free(&a);
}

/* A reset keeps the first block: the next allocation reuses its memory. */
static void test_reset_reuses_first_block(void **state)
{
    (void)state;
    nd__arena a = {0};
    void *first = nd__arena_alloc(&a, 64);
    assert_non_null(first);
    for (int i = 0; i < 100; i++) /* spill into more blocks */
        assert_non_null(nd__arena_alloc(&a, (size_t)1 << 20));
    nd__arena_reset(&a);
    assert_int_equal(a.bytes, 0);
    void *again = nd__arena_alloc(&a, 64);
    assert_ptr_equal(first, again);
    nd__arena_reset(&a);
    nd__arena_reset(&a); /* twice is harmless, and so is an empty arena */
    nd__arena empty = {0};
    nd__arena_reset(&empty);
    nd__arena_free(&empty);
    nd__arena_free(&a);
}

static void test_big_alloc_zeroed(void **state)
{
    (void)state;
    size_t n = (size_t)3 << 20;
    unsigned char *p = nd__big_alloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i += 4096)
        assert_int_equal(p[i], 0);
    p[n - 1] = 7;
    nd__big_free(p, n);
    nd__big_free(NULL, 0);
}

/* Growing keeps the elements in order, doubles, and refuses sizes that
 * overflow without touching the array. */
static void test_big_grow(void **state)
{
    (void)state;
    uint64_t *v = NULL;
    size_t cap = 0;
    assert_int_equal(nd__big_grow((void **)&v, &cap, 10, sizeof *v), ND_OK);
    assert_non_null(v);
    assert_true(cap >= 10);
    for (size_t i = 0; i < cap; i++)
        v[i] = i * 3;
    size_t n = cap;
    /* past a huge page: the copy crosses to a mapping of its own */
    assert_int_equal(nd__big_grow((void **)&v, &cap, 400000, sizeof *v), ND_OK);
    assert_true(cap >= 400000);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], i * 3);
    for (size_t i = n; i < cap; i++)
        assert_int_equal(v[i], 0); /* fresh pages */
    v[cap - 1] = 1;
    uint64_t *before = v;
    size_t cap_before = cap;
    assert_int_equal(nd__big_grow((void **)&v, &cap, cap, sizeof *v), ND_OK); /* room enough */
    assert_ptr_equal(v, before);
    assert_int_equal(nd__big_grow((void **)&v, &cap, SIZE_MAX / 4, sizeof *v), ND_ENOMEM);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, cap_before);
    assert_int_equal(v[0], 0);
    assert_int_equal(v[1], 3);
    assert_int_equal(v[n - 1], (n - 1) * 3);
    /* from one huge-page mapping to the next */
    assert_int_equal(nd__big_grow((void **)&v, &cap, cap + 1, sizeof *v), ND_OK);
    assert_int_equal(cap, 2 * cap_before);
    assert_int_equal(v[1], 3);
    assert_int_equal(v[n - 1], (n - 1) * 3);
    assert_int_equal(v[cap_before - 1], 1);
    assert_int_equal(v[cap - 1], 0);
    nd__big_free(v, cap * sizeof *v);
}

/* A huge-page mapping grows without a copy: in place when the address
 * space after it is free; moved whole to a huge-page boundary when
 * something lies right after it (which stays untouched); either way the
 * bytes stay and the new ones are zero. Below a huge page it declines,
 * and the caller copies. */
static void test_big_remap(void **state)
{
    (void)state;
    const size_t huge = (size_t)2 << 20, mb4 = (size_t)4 << 20;
    /* 8 MB mapped, the last 4 unmapped again: free space right after */
    uint32_t *v = nd__big_alloc(2 * mb4);
    assert_non_null(v);
    assert_true((uintptr_t)v % huge == 0);
    assert_int_equal(munmap((char *)v + mb4, mb4), 0);
    const size_t n = mb4 / sizeof *v;
    for (size_t i = 0; i < n; i++)
        v[i] = (uint32_t)(i ^ 0x5a5a5a5a);
    uint32_t *w = nd__big_remap(v, mb4, 2 * mb4);
    assert_ptr_equal(w, v); /* in place */
    for (size_t i = 0; i < 2 * n; i++)
        if (w[i] != (i < n ? (uint32_t)(i ^ 0x5a5a5a5a) : 0))
            fail_msg("element %zu wrong after growing in place", i);
    /* a page just past it: the kernel takes the hint when that address is
     * free; if it is not, something else already lies there */
    char *end = (char *)w + 2 * mb4;
    char *after = mmap(end, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(after != MAP_FAILED);
    after[0] = 42;
    w[2 * n - 1] = 7;
    uint32_t *x = nd__big_remap(w, 2 * mb4, 4 * mb4);
    assert_non_null(x);
    assert_ptr_not_equal(x, w); /* moved */
    assert_true((uintptr_t)x % huge == 0);
    for (size_t i = 0; i < n; i++)
        if (x[i] != (uint32_t)(i ^ 0x5a5a5a5a))
            fail_msg("element %zu lost in the move", i);
    assert_int_equal(x[2 * n - 1], 7);
    for (size_t i = 2 * n; i < 4 * n; i++)
        if (x[i] != 0)
            fail_msg("new element %zu is not zero", i);
    if (after == end)
        assert_int_equal(after[0], 42);
    munmap(after, 4096);
    nd__big_free(x, 4 * mb4);
    /* below a huge page, and with nothing to grow: declined */
    void *small = nd__big_alloc(4096);
    assert_non_null(small);
    assert_null(nd__big_remap(small, 4096, 8192));
    nd__big_free(small, 4096);
    assert_null(nd__big_remap(NULL, 0, mb4));
}

/* The VmFlags of the mapping that holds p, from /proc/self/smaps, into
 * flags; 0 when they cannot be read (no /proc: the caller skips). */
static int vm_flags_of(const void *p, char *flags, size_t size)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return 0;
    char line[512];
    int inside = 0, found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
        else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            strncpy(flags, line + 8, size - 1);
            flags[size - 1] = '\0';
            found = 1;
        }
    }
    fclose(f);
    return found;
}

/* Arrays from 2 MiB on are asked for huge pages before they are touched
 * (nd__malloc_big, nd__calloc_big, and nd__grow past that size): the
 * kernel marks their mapping "hg". Contents survive growth, calloc's are
 * zero, and sizes that overflow are refused. */
static void test_big_arrays_hinted(void **state)
{
    (void)state;
    const size_t big = (size_t)8 << 20, huge = (size_t)2 << 20;
    unsigned char *p = nd__malloc_big(big);
    assert_non_null(p);
    char flags[512];
    /* a whole huge page inside the array: the hint covers it */
    const unsigned char *mid =
        (const unsigned char *)(((uintptr_t)p + huge) & ~(uintptr_t)(huge - 1));
    if (vm_flags_of(mid, flags, sizeof flags))
        assert_non_null(strstr(flags, " hg"));
    free(p);
    uint32_t *z = nd__calloc_big(big / 4, 4);
    assert_non_null(z);
    for (size_t i = 0; i < big / 4; i++)
        if (z[i])
            fail_msg("calloc'd element %zu is not zero", i);
    free(z);
    assert_null(nd__calloc_big(SIZE_MAX / 2, 4));
    void *tiny = nd__malloc_big(0);
    assert_non_null(tiny);
    free(tiny);
    /* grown by nd__grow from small to past the hint's size */
    uint64_t *v = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < big / 8; i++) {
        if (i == cap)
            assert_int_equal(nd__grow((void **)&v, &cap, i + 1, sizeof *v), ND_OK);
        v[i] = i * 7;
    }
    for (size_t i = 0; i < big / 8; i++)
        if (v[i] != i * 7)
            fail_msg("element %zu lost while growing", i);
    mid = (const unsigned char *)(((uintptr_t)v + huge) & ~(uintptr_t)(huge - 1));
    if (vm_flags_of(mid, flags, sizeof flags))
        assert_non_null(strstr(flags, " hg"));
    free(v);
}

/* Zero-filled scratch of both kinds: from the heap and mapped. */
static void test_temp_calloc(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 100, (size_t)5 << 20};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        unsigned char *p = nd__temp_calloc(sizes[k]);
        assert_non_null(p);
        for (size_t i = 0; i < sizes[k]; i += 997)
            assert_int_equal(p[i], 0);
        if (sizes[k])
            assert_int_equal(p[sizes[k] - 1], 0);
        nd__temp_free(p, sizes[k]);
    }
}

#define BLOCK ((size_t)32 << 20) /* arena.c's block size */

/* A block of nd__blocks, released piece by piece, goes to the recycler
 * when its last piece is released, and an arena's next block is that one;
 * the arena gives it back when freed, and a drain empties the recycler. */
static void test_recycler_hands_blocks_on(void **state)
{
    (void)state;
    nd__recycler r;
    nd__recycler_init(&r);
    nd__blocks b = {.rec = &r};
    uint32_t k1, k2, k3;
    char *p1 = nd__blocks_alloc(&b, (size_t)12 << 20, &k1);
    char *p2 = nd__blocks_alloc(&b, (size_t)12 << 20, &k2);
    char *p3 = nd__blocks_alloc(&b, (size_t)12 << 20, &k3); /* no room: a second block */
    assert_non_null(p1);
    assert_non_null(p2);
    assert_non_null(p3);
    assert_int_equal(k1, k2);
    assert_int_not_equal(k1, k3);
    memset(p1, 1, (size_t)12 << 20);
    memset(p2, 2, (size_t)12 << 20);
    nd__blocks_release(&b, k1);
    assert_int_equal(r.n, 0); /* p2 still lives there */
    assert_int_equal(p2[((size_t)12 << 20) - 1], 2);
    nd__blocks_release(&b, k2);
    assert_int_equal(r.n, 1);

    nd__arena a = {.rec = &r};
    char *q = nd__arena_alloc(&a, 1000);
    assert_non_null(q);
    assert_int_equal(r.n, 0);
    assert_true(q > p1 && q < p1 + BLOCK); /* the released block, again */
    memset(q, 3, 1000);
    nd__arena_free(&a);
    assert_int_equal(r.n, 1);
    nd__recycler_drain(&r);
    assert_int_equal(r.n, 0);

    nd__blocks_release(&b, k3);
    assert_int_equal(r.n, 1);
    nd__blocks_free(&b); /* the released blocks are not unmapped twice */
    nd__recycler_free(&r);
}

/* Only blocks of the usual size are kept: a larger one goes back to the
 * system, and a recycler that holds nothing leaves arenas to map their
 * own. */
static void test_recycler_keeps_usual_blocks_only(void **state)
{
    (void)state;
    nd__recycler r;
    nd__recycler_init(&r);
    nd__arena a = {.rec = &r};
    assert_non_null(nd__arena_alloc(&a, (size_t)40 << 20));
    assert_int_equal(r.n, 0);
    nd__arena_free(&a);
    assert_int_equal(r.n, 0);
    for (int i = 0; i < 3; i++) /* two blocks more beyond the first */
        assert_non_null(nd__arena_alloc(&a, (size_t)20 << 20));
    nd__arena_reset(&a); /* keeps the first, gives back the others */
    assert_int_equal(r.n, 2);
    nd__arena_free(&a);
    assert_int_equal(r.n, 3);
    nd__recycler_free(&r);
}

typedef struct releaser {
    nd__blocks *b;
    const uint32_t *k;
    size_t from, n;
} releaser;

static void *release_some(void *arg)
{
    releaser *w = arg;
    for (size_t i = w->from; i < w->n; i += 2)
        nd__blocks_release(w->b, w->k[i]);
    return NULL;
}

/* Pieces released by two threads at once: every block reaches the
 * recycler once, and none twice. */
static void test_recycler_two_threads(void **state)
{
    (void)state;
    enum { PIECES = 64 };
    nd__recycler r;
    nd__recycler_init(&r);
    nd__blocks b = {.rec = &r};
    uint32_t k[PIECES];
    for (size_t i = 0; i < PIECES; i++)
        assert_non_null(nd__blocks_alloc(&b, (size_t)5 << 20, &k[i])); /* 6 a block */
    size_t blocks = k[PIECES - 1] + 1u;
    assert_int_equal(blocks, (PIECES + 5) / 6);
    releaser w[2] = {{&b, k, 0, PIECES}, {&b, k, 1, PIECES}};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, release_some, &w[0]), 0);
    release_some(&w[1]);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(r.n, blocks);
    for (size_t i = 0; i < r.n; i++)
        for (size_t j = i + 1; j < r.n; j++)
            assert_ptr_not_equal(r.v[i], r.v[j]);
    nd__blocks_free(&b);
    nd__recycler_free(&r);
}

#ifdef HAVE_ASAN
/* An arena's block, poisoned around what it handed out, is whole again
 * for nd__blocks when it is handed on. */
static void test_asan_recycled_block_unpoisoned(void **state)
{
    (void)state;
    nd__recycler r;
    nd__recycler_init(&r);
    nd__arena a = {.rec = &r};
    assert_non_null(nd__arena_alloc(&a, 10));
    nd__arena_free(&a);
    assert_int_equal(r.n, 1);
    nd__blocks b = {.rec = &r};
    uint32_t k;
    char *p = nd__blocks_alloc(&b, (size_t)8 << 20, &k);
    assert_non_null(p);
    assert_int_equal(r.n, 0);
    assert_null(__asan_region_is_poisoned(p, (size_t)8 << 20));
    nd__blocks_free(&b);
    nd__recycler_free(&r);
}

static void test_asan_poisons_around_allocations(void **state)
{
    (void)state;
    nd__arena a = {0};
    char *p = nd__arena_alloc(&a, 10);
    assert_non_null(p);
    assert_null(__asan_region_is_poisoned(p, 10));
    assert_true(__asan_address_is_poisoned(p + 10));
    char *q = nd__arena_alloc(&a, 10);
    assert_true(q > p + 10);
    assert_true(__asan_address_is_poisoned(q + 12));
    nd__arena_reset(&a);
    assert_true(__asan_address_is_poisoned(p)); /* stale after a reset */
    nd__arena_free(&a);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_keep_contents),
        cmocka_unit_test(test_larger_than_a_block),
        cmocka_unit_test(test_reset_reuses_first_block),
        cmocka_unit_test(test_big_alloc_zeroed),
        cmocka_unit_test(test_big_grow),
        cmocka_unit_test(test_big_remap),
        cmocka_unit_test(test_big_arrays_hinted),
        cmocka_unit_test(test_temp_calloc),
        cmocka_unit_test(test_recycler_hands_blocks_on),
        cmocka_unit_test(test_recycler_keeps_usual_blocks_only),
        cmocka_unit_test(test_recycler_two_threads),
#ifdef HAVE_ASAN
        cmocka_unit_test(test_asan_recycled_block_unpoisoned),
        cmocka_unit_test(test_asan_poisons_around_allocations),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
