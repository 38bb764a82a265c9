/*
 * cluster.h - grouping: union-find over verified edges, then stars inside
 * each connected part so that no group chains unrelated articles.
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

/* Does member x belong with center c? Returns > 0 to join. */
typedef int (*nd__relate_fn)(uint32_t center, uint32_t x, void *payload);

/* Stars over one connected part: members[0..n) listed best first (by the
 * canonical policy). The best unassigned member becomes a center; every
 * unassigned member that relate() accepts against that center joins it;
 * repeat until all are assigned. center_out[i] gets the center of
 * members[i]. So every member is verified against its own canonical, and
 * A~B, B~C with A!~C never puts A and C together. */
void nd__star(const uint32_t *members, size_t n, nd__relate_fn relate, void *payload,
              uint32_t *center_out);

#endif
