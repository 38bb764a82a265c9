/*
 * arena.h - bulk memory for what a corpus holds per article until it is
 * freed (shingle fingerprints and sets), and for the large arrays of a
 * run. One bump allocator per thread instead of a heap object per article.
 */
#ifndef ND_ARENA_H
#define ND_ARENA_H

#include <pthread.h>

#include "internal.h"

/* Blocks given back by one arena (or nd__blocks) and taken again by
 * another of the same corpus, instead of going back to the system: a page
 * the process has touched costs nothing to use again, while a fresh one
 * costs a fault and the kernel's zeroing (on a virtual machine, about a
 * second per gigabyte; docs/benchmarks.md). Thread-safe. It holds memory
 * only between a release and the next block asked for; nd__recycler_drain
 * gives back what is left. */
typedef struct nd__recycler {
    pthread_mutex_t lock;
    void **v; /* free blocks of the arenas' block size */
    size_t n, cap;
} nd__recycler;

void nd__recycler_init(nd__recycler *r);
void nd__recycler_drain(nd__recycler *r);
/* Drain, and free r's own memory; r is not used again. */
void nd__recycler_free(nd__recycler *r);

typedef struct nd__arena_block nd__arena_block;

/* Not thread-safe: one per worker. Zero-initialized is empty, and maps and
 * unmaps its own blocks; with rec set, it takes and gives back blocks
 * there first. */
typedef struct nd__arena {
    nd__arena_block *head; /* the block being filled; older ones behind it */
    uint64_t bytes;        /* handed out since the last reset */
    nd__recycler *rec;     /* NULL: none */
} nd__arena;

/* n bytes aligned for any integer type, valid until the arena is reset or
 * freed; NULL when out of memory. */
void *nd__arena_alloc(nd__arena *a, size_t n);

/* s[0, n) and a terminating NUL copied into the arena; NULL when out of
 * memory. */
char *nd__arena_strndup(nd__arena *a, const char *s, size_t n);

/* Forget every allocation but keep the first block for reuse: its pages
 * are already resident. */
void nd__arena_reset(nd__arena *a);

void nd__arena_free(nd__arena *a);

/* Blocks handed out by one thread and released piece by piece by any:
 * a block goes back (to rec when set, else to the system) when the last
 * piece in it is released. The paragraphs of spilled articles live here,
 * freed as the run signs them, so that the sets built then reuse the
 * memory. */
typedef struct nd__block nd__block;
typedef struct nd__blocks {
    nd__block **v;
    size_t n, cap;
    nd__recycler *rec; /* NULL: none */
} nd__blocks;

/* n bytes (aligned for any integer type) from the newest block, or a new
 * one; *block_out is the block's number for nd__blocks_release. Not
 * thread-safe. NULL when out of memory. */
void *nd__blocks_alloc(nd__blocks *b, size_t n, uint32_t *block_out);

/* One piece of the block is no longer used; thread-safe, and the last
 * release of a block gives it back. No allocation may follow a release. */
void nd__blocks_release(nd__blocks *b, uint32_t block);

void nd__blocks_free(nd__blocks *b);

/* A large zero-filled array, asking the kernel for huge pages where it has
 * them; NULL when out of memory. Free with nd__big_free(p, n). */
void *nd__big_alloc(size_t n);
void nd__big_free(void *p, size_t n);

/* nd__grow for an array kept in huge pages (nd__big_alloc): at least need
 * elements of elem bytes, doubling; past a huge page the mapping is grown
 * or moved by mremap (no copy), else the elements are copied to a new one.
 * Free with nd__big_free(*buf, *cap * elem). @return ND_OK or ND_ENOMEM
 * (the array is left as it was). */
int nd__big_grow(void **buf, size_t *cap, size_t need, size_t elem);

/* Grow mapping p of old bytes (nd__big_alloc, at least a huge page) to n
 * bytes without copying: in place when the address space after it is
 * free, else moved whole, page tables and all, onto a range that starts on
 * a huge-page boundary. The new bytes are zero. @return the mapping (free
 * with nd__big_free(q, n)), or NULL, p untouched, when neither can be done
 * or p is smaller than a huge page. */
void *nd__big_remap(void *p, size_t old, size_t n);

/* A scratch array of n bytes (not zeroed): from the heap when small, else
 * as nd__big_alloc. Free with nd__temp_free(p, n), the same n. For
 * scratch whose size its owner knows at the free: whole huge pages from
 * the first byte, zero without a pass over them, and given back at once
 * (the passage index's postings, LSH's records, masking's tables: the
 * heap's arrays below took 2-4 s more at a million articles there). */
void *nd__temp_alloc(size_t n);
void nd__temp_free(void *p, size_t n);

/* nd__temp_alloc, zero-filled (the mapped kind comes so already). */
void *nd__temp_calloc(size_t n);

/* malloc and calloc for arrays freed with free() (results kept in the
 * corpus, vectors grown by nd__grow, the run's per-article arrays): from
 * ND__BIG_ARRAY bytes on, the memory is asked for transparent huge pages
 * before anything touches it. A first
 * touch of a 4 KiB page cost about 10 us on the virtual machine measured
 * in docs/benchmarks.md, 30 times a 2 MiB page's per byte, and a million
 * articles touched half a gigabyte of such arrays. Free with free();
 * n == 0 gives a one-byte allocation; NULL when out of memory or when
 * count * size overflows. */
#define ND__BIG_ARRAY ((size_t)2 << 20)
void *nd__malloc_big(size_t n);
void *nd__calloc_big(size_t count, size_t size);

#endif
