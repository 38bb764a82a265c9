/*
 * cluster.h - union-find over verified edges.
 */
#ifndef ND_CLUSTER_H
#define ND_CLUSTER_H

#include "internal.h"

typedef struct nd__uf {
    uint32_t *parent;
    size_t n;
} nd__uf;

int nd__uf_init(nd__uf *uf, size_t n);
void nd__uf_free(nd__uf *uf);
uint32_t nd__uf_find(nd__uf *uf, uint32_t x);
/* Join the sets of a and b. The smaller root wins, so the root of a set is
 * always its first article: the result is independent of edge order. */
void nd__uf_union(nd__uf *uf, uint32_t a, uint32_t b);

#endif
