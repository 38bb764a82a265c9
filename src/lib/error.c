/*
 * error.c - error codes, messages kept in handles, and the small allocation
 * helpers every stage uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arena.h" /* nd__malloc_big */
#include "internal.h"
#include "sort.h"

const char *nd_strerror(int code)
{
    switch ((nd_error)code) {
    case ND_OK: return "success";
    case ND_ENOMEM: return "out of memory";
    case ND_EIO: return "input/output error";
    case ND_EPARSE: return "malformed input";
    case ND_EUTF8: return "invalid UTF-8";
    case ND_EINVAL: return "invalid argument";
    case ND_ERANGE: return "value out of range";
    case ND_ENOTFOUND: return "not found";
    case ND_ECORRUPT: return "corrupt or truncated input";
    case ND_EEMPTY: return "no usable text";
    case ND_ESTATE: return "call out of order";
    }
    return "unknown error";
}

#define ND__STR2(x) #x
#define ND__STR(x) ND__STR2(x)

const char *nd_version_string(void)
{
    return ND__STR(ND_VERSION_MAJOR) "." ND__STR(ND_VERSION_MINOR) "." ND__STR(ND_VERSION_PATCH);
}

unsigned nd_version_number(void)
{
    return ND_VERSION_NUMBER;
}

int nd__fail(nd__errbuf *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void nd__errclear(nd__errbuf *e)
{
    e->msg[0] = '\0';
}

double nd__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t nd__peak_kb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (uint64_t)ru.ru_maxrss; /* KiB on Linux */
}

char *nd__strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *nd__strdup(const char *s)
{
    return nd__strndup(s, strlen(s));
}

int nd__grown_cap(size_t cap, size_t first, size_t need, size_t elem, size_t *out)
{
    size_t ncap = cap ? cap : first;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return ND_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elem)
        return ND_ENOMEM;
    *out = ncap;
    return ND_OK;
}

int nd__grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ND_OK;
    size_t ncap; /* a first size is taken as asked */
    if (nd__grown_cap(*cap, need > 16 ? need : 16, need, elem, &ncap) < 0)
        return ND_ENOMEM;
    void *p;
    if (ncap * elem < ND__BIG_ARRAY) {
        p = realloc(*buf, ncap * elem);
    } else {
        /* not realloc: its copy would touch the new memory before the
         * hint could be given */
        p = nd__malloc_big(ncap * elem);
        if (p && *buf) {
            memcpy(p, *buf, *cap * elem);
            free(*buf);
        }
    }
    if (!p)
        return ND_ENOMEM;
    *buf = p;
    *cap = ncap;
    return ND_OK;
}

/* The two growable arrays differ only in their element type. */
#define DEFINE_VEC(vec_t, elem_t, push, release)                                                   \
    int push(vec_t *vec, elem_t x)                                                                 \
    {                                                                                              \
        if (vec->n == vec->cap &&                                                                  \
            nd__grow((void **)&vec->v, &vec->cap, vec->n + 1, sizeof *vec->v))                     \
            return ND_ENOMEM;                                                                      \
        vec->v[vec->n++] = x;                                                                      \
        return ND_OK;                                                                              \
    }                                                                                              \
    void release(vec_t *vec)                                                                       \
    {                                                                                              \
        free(vec->v);                                                                              \
        vec->v = NULL;                                                                             \
        vec->n = vec->cap = 0;                                                                     \
    }

DEFINE_VEC(nd__u64vec, uint64_t, nd__u64vec_push, nd__u64vec_free)
DEFINE_VEC(nd__u32vec, uint32_t, nd__u32vec_push, nd__u32vec_free)

/* Radix sort when scratch can be had, qsort otherwise: sorting never fails. */
#define DEFINE_SORT_UNIQUE(name, type, cmp, radix, unique)                                        \
    static int cmp(const void *a, const void *b)                                                   \
    {                                                                                              \
        type x = *(const type *)a, y = *(const type *)b;                                           \
        return (x > y) - (x < y);                                                                  \
    }                                                                                              \
    void name(type *v, size_t *n)                                                                  \
    {                                                                                              \
        if (*n < 2)                                                                                \
            return;                                                                                \
        type *tmp = nd__malloc_big(*n * sizeof *tmp);                                              \
        if (tmp)                                                                                   \
            radix(v, tmp, *n);                                                                     \
        else                                                                                       \
            qsort(v, *n, sizeof *v, cmp);                                                          \
        free(tmp);                                                                                 \
        *n = unique(v, *n);                                                                        \
    }

DEFINE_SORT_UNIQUE(nd__u64_sort_unique, uint64_t, cmp_u64, nd__sort_u64, nd__unique_u64)
DEFINE_SORT_UNIQUE(nd__u32_sort_unique, uint32_t, cmp_u32, nd__sort_u32, nd__unique_u32)
