/*
 * internal.h - private declarations shared by the stages of libneardup.
 * Never installed; src/cli must not include it (it uses <neardup.h> only).
 */
#ifndef ND_INTERNAL_H
#define ND_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "neardup.h"

/* printf-style checking for our own formatters */
#if defined(__GNUC__)
#define ND__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define ND__PRINTF(fmt, args)
#endif

/* The most MinHash values per article (nd_options.num_perm). */
#define ND__MAX_PERM 4096

/* The detailed text of the last failure, kept in the handle that failed. */
#define ND__ERRMSG_SIZE 512
typedef struct nd__errbuf {
    char msg[ND__ERRMSG_SIZE];
} nd__errbuf;

/* Set the message and return code, so that "return nd__fail(...)" reads well. */
int nd__fail(nd__errbuf *e, int code, const char *fmt, ...) ND__PRINTF(3, 4);
void nd__errclear(nd__errbuf *e);

/* Duplicate a string or byte range; NULL on allocation failure. */
char *nd__strdup(const char *s);
char *nd__strndup(const char *s, size_t n);

/* The capacity an array of cap elements (first when cap is 0) doubles to
 * for need of them; ND_ENOMEM when that many elem-byte elements overflow. */
int nd__grown_cap(size_t cap, size_t first, size_t need, size_t elem, size_t *out);

/* Grow *buf (of elem bytes per element) so it holds at least need elements.
 * Capacity doubles, so appends are amortized O(1). A buffer of 2 MiB or more
 * is asked for huge pages (nd__malloc_big, arena.h). Free with free().
 * @return ND_OK or ND_ENOMEM (buf untouched). */
int nd__grow(void **buf, size_t *cap, size_t need, size_t elem);

/* Growable arrays of 64-bit values (shingle hashes, band keys, pairs) and
 * of 32-bit values (shingle fingerprints). */
typedef struct nd__u64vec {
    uint64_t *v;
    size_t n, cap;
} nd__u64vec;

typedef struct nd__u32vec {
    uint32_t *v;
    size_t n, cap;
} nd__u32vec;

int nd__u64vec_push(nd__u64vec *vec, uint64_t x);
void nd__u64vec_free(nd__u64vec *vec);
int nd__u32vec_push(nd__u32vec *vec, uint32_t x);
void nd__u32vec_free(nd__u32vec *vec);
/* Sort ascending (radix) and drop repeats. */
void nd__u64_sort_unique(uint64_t *v, size_t *n);
void nd__u32_sort_unique(uint32_t *v, size_t *n);

/* Seconds on a monotonic clock, and the process's peak resident memory in
 * KiB so far, for stage statistics. */
double nd__now(void);
uint64_t nd__peak_kb(void);

/* Write x as 8 little-endian bytes, so hashes are the same on every machine. */
static inline void nd__store_le64(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(x >> (8 * i));
}

/* MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit
 * over the whole output (shingles, paragraph hashes, one-permutation
 * hashing). */
static inline uint64_t nd__fmix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ULL;
    x ^= x >> 33;
    return x;
}

#endif /* ND_INTERNAL_H */
