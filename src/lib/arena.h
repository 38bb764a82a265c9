/*
 * arena.h - bulk memory for what a corpus holds per article until it is
 * freed (shingle fingerprints and sets), and for the large arrays of a
 * run. One bump allocator per thread instead of a heap object per article.
 */
#ifndef ND_ARENA_H
#define ND_ARENA_H

#include "internal.h"

typedef struct nd__arena_block nd__arena_block;

/* Not thread-safe: one per worker. Zero-initialized is empty. */
typedef struct nd__arena {
    nd__arena_block *head; /* the block being filled; older ones behind it */
    uint64_t bytes;        /* handed out since the last reset */
} nd__arena;

/* n bytes aligned for any integer type, valid until the arena is reset or
 * freed; NULL when out of memory. */
void *nd__arena_alloc(nd__arena *a, size_t n);

/* Forget every allocation but keep the first block for reuse: its pages
 * are already resident. */
void nd__arena_reset(nd__arena *a);

void nd__arena_free(nd__arena *a);

/* A large zero-filled array, asking the kernel for huge pages where it has
 * them; NULL when out of memory. Free with nd__big_free(p, n). */
void *nd__big_alloc(size_t n);
void nd__big_free(void *p, size_t n);

/* A scratch array of n bytes (not zeroed): from the heap when small, else
 * as nd__big_alloc. Free with nd__temp_free(p, n), the same n. */
void *nd__temp_alloc(size_t n);
void nd__temp_free(void *p, size_t n);

#endif
