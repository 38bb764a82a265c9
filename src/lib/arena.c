/*
 * arena.c - bulk memory. Fresh pages cost a fault each, and on virtual
 * machines a fault of a 4 KiB page can cost more than the work done on it
 * (measured in docs/benchmarks.md): memory that a corpus keeps by the
 * gigabyte is taken in blocks of 32 MiB, with transparent huge pages
 * asked for, and handed out by bumping a pointer.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, madvise, mremap */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#define BLOCK_SIZE ((size_t)32 << 20)
#define ALIGN 16

/* Under AddressSanitizer the unused part of a block stays poisoned and
 * each allocation is followed by a poisoned gap, so that overruns of
 * arena memory are caught as they would be on the heap. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ND__ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ND__ASAN 1
#endif
#ifdef ND__ASAN
#include <sanitizer/asan_interface.h>
#define REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define REDZONE 0
#endif

struct nd__arena_block {
    nd__arena_block *next; /* the block filled before this one */
    size_t size, used;     /* bytes of the mapping, in use (header included) */
};

#define HUGE_PAGE ((size_t)2 << 20)

/* What a mapping of n bytes really takes: huge-page sized ones are rounded
 * up to whole huge pages. */
static size_t mapped_size(size_t n)
{
    if (n == 0)
        return 1;
    if (n < HUGE_PAGE)
        return n;
    return n + (HUGE_PAGE - 1) < n ? n : (n + (HUGE_PAGE - 1)) & ~(HUGE_PAGE - 1);
}

/* size bytes of address space mapped with prot (and flags), starting on
 * a huge-page boundary so that every 2 MiB of it can be one page: a huge
 * page more is mapped and both ends trimmed. NULL when it cannot be had. */
static char *map_aligned(size_t size, int prot, int flags)
{
    if (size + HUGE_PAGE < size)
        return NULL;
    char *raw = mmap(NULL, size + HUGE_PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    char *p = (char *)(((uintptr_t)raw + (HUGE_PAGE - 1)) & ~(uintptr_t)(HUGE_PAGE - 1));
    if (p > raw)
        munmap(raw, (size_t)(p - raw));
    if (raw + size + HUGE_PAGE > p + size)
        munmap(p + size, (size_t)(raw + size + HUGE_PAGE - (p + size)));
    return p;
}

void *nd__big_alloc(size_t n)
{
    size_t size = mapped_size(n);
    if (size < HUGE_PAGE) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    char *p = map_aligned(size, PROT_READ | PROT_WRITE, 0);
    if (!p)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE); /* a hint: without it, 4 KiB pages */
#endif
    return p;
}

void nd__big_free(void *p, size_t n)
{
    if (p) {
        ASAN_UNPOISON_MEMORY_REGION(p, mapped_size(n)); /* a later mapping may reuse it */
        munmap(p, mapped_size(n));
    }
}

/* Grow a huge-page mapping without copying a byte (arena.h). A copy
 * would write every byte once more into pages touched for the first time:
 * at a million articles, 0.4 s of the reading thread for the array of
 * articles, the costliest kind of memory on this machine. */
void *nd__big_remap(void *p, size_t old, size_t n)
{
    const size_t from = mapped_size(old), to = mapped_size(n);
    if (!p || from < HUGE_PAGE || to <= from)
        return NULL;
    void *q = mremap(p, from, to, 0);
    if (q == MAP_FAILED) {
        /* reserve an aligned range, and move the mapping onto it (a move
         * to wherever the kernel likes would split its huge pages) */
        char *at = map_aligned(to, PROT_NONE, MAP_NORESERVE);
        if (!at)
            return NULL;
        q = mremap(p, from, to, MREMAP_MAYMOVE | MREMAP_FIXED, at);
        if (q == MAP_FAILED) {
            /* the kernel may have unmapped part of [at, at + to) before it
             * failed, and another thread may map there meanwhile: the rest
             * of the reservation is left as it is (address space, no
             * memory) rather than unmapped over what is not ours */
            return NULL;
        }
    }
#ifdef MADV_HUGEPAGE
    madvise(q, to, MADV_HUGEPAGE);
#endif
    return q;
}

int nd__big_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ND_OK;
    size_t ncap;
    if (nd__grown_cap(*cap, 1024, need, elem, &ncap) < 0)
        return ND_ENOMEM;
    void *p = nd__big_remap(*buf, *cap * elem, ncap * elem);
    if (!p) {
        if (!(p = nd__big_alloc(ncap * elem)))
            return ND_ENOMEM;
        if (*buf) {
            memcpy(p, *buf, *cap * elem);
            nd__big_free(*buf, *cap * elem);
        }
    }
    *buf = p;
    *cap = ncap;
    return ND_OK;
}

void *nd__temp_alloc(size_t n)
{
    return n >= ND__BIG_ARRAY ? nd__big_alloc(n) : malloc(n ? n : 1);
}

void *nd__temp_calloc(size_t n)
{
    return n >= ND__BIG_ARRAY ? nd__big_alloc(n) : calloc(n ? n : 1, 1);
}

void nd__temp_free(void *p, size_t n)
{
    if (n >= ND__BIG_ARRAY)
        nd__big_free(p, n);
    else
        free(p);
}

/* Ask for huge pages on the whole 2 MiB pages within [p, p + n): a hint,
 * harmless where it cannot be followed. */
static void huge_hint(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t a = ((uintptr_t)p + (HUGE_PAGE - 1)) & ~(uintptr_t)(HUGE_PAGE - 1);
    const uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (n >= ND__BIG_ARRAY && e > a)
        (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

void *nd__malloc_big(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p)
        huge_hint(p, n);
    return p;
}

void *nd__calloc_big(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    const size_t n = count * size;
    if (n < ND__BIG_ARRAY)
        return calloc(n ? n : 1, 1);
    /* hinted before the zeroing touches it (calloc would zero first) */
    void *p = nd__malloc_big(n);
    if (p)
        memset(p, 0, n);
    return p;
}

void nd__recycler_init(nd__recycler *r)
{
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
}

void nd__recycler_drain(nd__recycler *r)
{
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->n; i++)
        nd__big_free(r->v[i], BLOCK_SIZE);
    r->n = 0;
    pthread_mutex_unlock(&r->lock);
}

void nd__recycler_free(nd__recycler *r)
{
    nd__recycler_drain(r);
    free(r->v);
    r->v = NULL;
    r->cap = 0;
    pthread_mutex_destroy(&r->lock);
}

/* A block of size bytes: from r when it holds one of that size (its
 * contents are left from its last use), else freshly mapped. */
static void *block_take(nd__recycler *r, size_t size)
{
    void *p = NULL;
    if (r && size == BLOCK_SIZE) {
        pthread_mutex_lock(&r->lock);
        if (r->n)
            p = r->v[--r->n];
        pthread_mutex_unlock(&r->lock);
    }
    return p ? p : nd__big_alloc(size);
}

/* Give a block back: to r when it can be used again there, else to the
 * system (also when r cannot grow to hold it). */
static void block_give(nd__recycler *r, void *p, size_t size)
{
    if (r && size == BLOCK_SIZE) {
        ASAN_UNPOISON_MEMORY_REGION(p, size); /* the next user poisons its own */
        pthread_mutex_lock(&r->lock);
        int kept = nd__grow((void **)&r->v, &r->cap, r->n + 1, sizeof *r->v) == ND_OK;
        if (kept)
            r->v[r->n++] = p;
        pthread_mutex_unlock(&r->lock);
        if (kept)
            return;
    }
    nd__big_free(p, size);
}

static size_t header_size(void)
{
    return (sizeof(nd__arena_block) + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
}

void *nd__arena_alloc(nd__arena *a, size_t n)
{
    size_t need = (n + REDZONE + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
    if (need < n)
        return NULL;
    nd__arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t hdr = header_size();
        size_t size = need > BLOCK_SIZE - hdr ? need + hdr : BLOCK_SIZE;
        if (size < need)
            return NULL;
        nd__arena_block *nb = block_take(a->rec, size);
        if (!nb)
            return NULL;
        nb->next = b;
        nb->size = size;
        nb->used = hdr;
        ASAN_POISON_MEMORY_REGION((char *)nb + hdr, size - hdr);
        a->head = b = nb;
    }
    void *p = (char *)b + b->used;
    ASAN_UNPOISON_MEMORY_REGION(p, n);
    b->used += need;
    a->bytes += need;
    return p;
}

char *nd__arena_strndup(nd__arena *a, const char *s, size_t n)
{
    char *d = n + 1 > n ? nd__arena_alloc(a, n + 1) : NULL;
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

void nd__arena_reset(nd__arena *a)
{
    nd__arena_block *b = a->head;
    if (!b)
        return;
    while (b->next) { /* keep the oldest block: it was the first filled */
        nd__arena_block *next = b->next;
        block_give(a->rec, b, b->size);
        b = next;
    }
    b->used = header_size();
    ASAN_POISON_MEMORY_REGION((char *)b + b->used, b->size - b->used);
    a->head = b;
    a->bytes = 0;
}

void nd__arena_free(nd__arena *a)
{
    for (nd__arena_block *b = a->head; b;) {
        nd__arena_block *next = b->next;
        block_give(a->rec, b, b->size);
        b = next;
    }
    a->head = NULL;
    a->bytes = 0;
}

struct nd__block {
    char *base;         /* NULL once released */
    size_t size, used;
    atomic_size_t live; /* pieces not yet released */
};

void *nd__blocks_alloc(nd__blocks *b, size_t n, uint32_t *block_out)
{
    size_t need = (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
    if (need < n)
        return NULL;
    nd__block *k = b->n ? b->v[b->n - 1] : NULL;
    if (!k || k->size - k->used < need) {
        if (b->n >= UINT32_MAX - 1 ||
            nd__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v))
            return NULL;
        if (!(k = malloc(sizeof *k)))
            return NULL;
        k->size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
        k->used = 0;
        atomic_init(&k->live, 0);
        if (!(k->base = block_take(b->rec, k->size))) {
            free(k);
            return NULL;
        }
        b->v[b->n++] = k;
    }
    void *p = k->base + k->used;
    k->used += need;
    atomic_fetch_add_explicit(&k->live, 1, memory_order_relaxed);
    *block_out = (uint32_t)(b->n - 1);
    return p;
}

void nd__blocks_release(nd__blocks *b, uint32_t block)
{
    nd__block *k = b->v[block];
    /* acq_rel: every other user's reads happen before the last one gives it back */
    if (atomic_fetch_sub_explicit(&k->live, 1, memory_order_acq_rel) == 1) {
        block_give(b->rec, k->base, k->size);
        k->base = NULL;
    }
}

void nd__blocks_free(nd__blocks *b)
{
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i]->base)
            nd__big_free(b->v[i]->base, b->v[i]->size);
        free(b->v[i]);
    }
    free(b->v);
    b->v = NULL;
    b->n = b->cap = 0;
}
