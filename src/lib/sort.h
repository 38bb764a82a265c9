/*
 * sort.h - radix sorts for the flat arrays of the pipeline (shingle sets,
 * band keys, postings, pairs): linear time, no comparison callbacks.
 */
#ifndef ND_SORT_H
#define ND_SORT_H

#include "internal.h"

/* LSD radix sorts, 8 bits a pass, skipping passes where every key has the
 * same byte. tmp must hold n elements. Stable: equal keys keep their input
 * order. nd__sort_u32 first tries a bucket pass by the top bits and an
 * insertion sort, which is faster for up to 8192 values spread evenly (the
 * hash values of a shingle set), and takes the radix passes when they
 * crowd. */
void nd__sort_u32(uint32_t *v, uint32_t *tmp, size_t n);
void nd__sort_u64(uint64_t *v, uint64_t *tmp, size_t n);
/* By the top 32 bits only, stable: (key << 32 | doc) filled in doc order
 * come out sorted by both, in four passes instead of eight. */
void nd__sort_u64_hi32(uint64_t *v, uint64_t *tmp, size_t n);

/* Drop adjacent repeats of a sorted array; returns the new length. */
size_t nd__unique_u32(uint32_t *v, size_t n);
size_t nd__unique_u64(uint64_t *v, size_t n);

#endif
