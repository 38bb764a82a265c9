/*
 * cluster.c - the grouping stage: disjoint sets with path halving.
 */
#include <stdlib.h>

#include "arena.h"
#include "cluster.h"

int nd__uf_init(nd__uf *uf, size_t n)
{
    uf->n = n;
    uf->parent = nd__malloc_big((n ? n : 1) * sizeof *uf->parent);
    if (!uf->parent)
        return ND_ENOMEM;
    for (size_t i = 0; i < n; i++)
        uf->parent[i] = (uint32_t)i;
    return ND_OK;
}

void nd__uf_free(nd__uf *uf)
{
    free(uf->parent);
    uf->parent = NULL;
    uf->n = 0;
}

uint32_t nd__uf_find(nd__uf *uf, uint32_t x)
{
    while (uf->parent[x] != x) {
        uf->parent[x] = uf->parent[uf->parent[x]];
        x = uf->parent[x];
    }
    return x;
}

void nd__uf_union(nd__uf *uf, uint32_t a, uint32_t b)
{
    uint32_t ra = nd__uf_find(uf, a), rb = nd__uf_find(uf, b);
    if (ra == rb)
        return;
    if (ra < rb)
        uf->parent[rb] = ra;
    else
        uf->parent[ra] = rb;
}

void nd__star(const uint32_t *members, size_t n, nd__relate_fn relate, void *payload,
              uint32_t *center_out)
{
    const uint32_t none = UINT32_MAX;
    for (size_t i = 0; i < n; i++)
        center_out[i] = none;
    for (size_t c = 0; c < n; c++) {
        if (center_out[c] != none)
            continue;
        center_out[c] = members[c];
        for (size_t x = c + 1; x < n; x++)
            if (center_out[x] == none && relate(members[c], members[x], payload) > 0)
                center_out[x] = members[c];
    }
}
