/*
 * keep.c - the canonical stage's policy: which member of a group is kept,
 * and which key made the choice (reported as the group's "reason").
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keep.h"

static const char *const key_names[] = {"first", "earliest", "latest",
                                        "longest", "shortest", "source-rank"};

const char *nd__keep_key_name(const nd__keep *k, int i)
{
    if (i < 0 || (size_t)i >= k->n_keys)
        return "first";
    return key_names[k->keys[i]];
}

void nd__keep_free(nd__keep *k)
{
    for (size_t i = 0; i < k->n_sources; i++)
        free(k->sources[i]);
    free(k->sources);
    k->sources = NULL;
    k->n_sources = 0;
    k->n_keys = 0;
}

static int read_sources(nd__keep *k, const char *path, nd__errbuf *e)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return nd__fail(e, ND_EIO, "source-rank: cannot open '%s': %s", path, strerror(errno));
    char line[1024];
    size_t cap = 0;
    int err = ND_OK;
    while (fgets(line, sizeof line, f)) {
        char *s = line, *end;
        while (isspace((unsigned char)*s))
            s++;
        end = s + strlen(s);
        while (end > s && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*s == '\0' || *s == '#')
            continue;
        if (nd__grow((void **)&k->sources, &cap, k->n_sources + 1, sizeof *k->sources) ||
            !(k->sources[k->n_sources] = nd__strdup(s))) {
            err = ND_ENOMEM;
            break;
        }
        k->n_sources++;
    }
    if (err == ND_OK && ferror(f))
        err = nd__fail(e, ND_EIO, "source-rank: cannot read '%s'", path);
    fclose(f);
    return err;
}

int nd__keep_parse(const char *spec, nd__keep *out, nd__errbuf *e)
{
    memset(out, 0, sizeof *out);
    if (!spec || !*spec)
        spec = ND_DEFAULT_KEEP;
    const char *p = spec;
    int err = ND_OK;
    while (*p && err == ND_OK) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (out->n_keys == ND__KEEP_MAX_KEYS) {
            err = nd__fail(e, ND_EPARSE, "--keep: more than %d keys", ND__KEEP_MAX_KEYS);
            break;
        }
        int found = -1;
        for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
            if (strlen(key_names[i]) == len && strncmp(p, key_names[i], len) == 0)
                found = (int)i;
        if (found == ND__KEEP_SOURCE_RANK) {
            err = nd__fail(e, ND_EPARSE, "--keep: source-rank needs a file: source-rank:FILE");
        } else if (found < 0 && len > 12 && strncmp(p, "source-rank:", 12) == 0) {
            char *path = nd__strndup(p + 12, len - 12);
            if (!path)
                err = ND_ENOMEM;
            else if (out->n_sources)
                err = nd__fail(e, ND_EPARSE, "--keep: source-rank given twice");
            else
                err = read_sources(out, path, e);
            free(path);
            found = ND__KEEP_SOURCE_RANK;
        } else if (found < 0) {
            err = nd__fail(e, ND_EPARSE,
                           "--keep: unknown key '%.*s' (expected first, earliest, latest, "
                           "longest, shortest or source-rank:FILE)",
                           (int)len, p);
        }
        if (err == ND_OK)
            out->keys[out->n_keys++] = (nd__keep_key)found;
        p += len;
        if (*p == ',')
            p++;
    }
    if (err < 0)
        nd__keep_free(out);
    return err;
}

static size_t source_rank(const nd__keep *k, const char *src)
{
    if (src)
        for (size_t i = 0; i < k->n_sources; i++)
            if (strcmp(k->sources[i], src) == 0)
                return i;
    return k->n_sources; /* unlisted sources rank after every listed one */
}

/* Compare by one key: < 0 when a is preferred, 0 when the key cannot tell. */
static int compare_key(const nd__keep *k, nd__keep_key key, const nd__keep_info *a,
                       const nd__keep_info *b)
{
    switch (key) {
    case ND__KEEP_FIRST:
        return (a->index > b->index) - (a->index < b->index);
    case ND__KEEP_EARLIEST:
    case ND__KEEP_LATEST:
        /* an article without a date never beats one with a date */
        if (a->has_date != b->has_date)
            return a->has_date ? -1 : 1;
        if (!a->has_date || a->date == b->date)
            return 0;
        return ((a->date < b->date) == (key == ND__KEEP_EARLIEST)) ? -1 : 1;
    case ND__KEEP_LONGEST:
        return (a->length < b->length) - (a->length > b->length);
    case ND__KEEP_SHORTEST:
        return (a->length > b->length) - (a->length < b->length);
    case ND__KEEP_SOURCE_RANK: {
        size_t ra = source_rank(k, a->source), rb = source_rank(k, b->source);
        return (ra > rb) - (ra < rb);
    }
    }
    return 0;
}

int nd__keep_compare(const nd__keep *k, const nd__keep_info *a, const nd__keep_info *b,
                     int *key_out)
{
    for (size_t i = 0; i < k->n_keys; i++) {
        int c = compare_key(k, k->keys[i], a, b);
        if (c) {
            if (key_out)
                *key_out = (int)i;
            return c;
        }
    }
    if (key_out)
        *key_out = -1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil reasoning: shift the year to start in March). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return 0;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 1;
}

int nd__parse_date(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        return ND_EPARSE;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return ND_EPARSE;
    int64_t off = 0;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return ND_EPARSE;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &se))
                return ND_EPARSE;
            if (*p == '.' || *p == ',')
                for (p++; isdigit((unsigned char)*p); p++)
                    ;
        }
        if (h > 24 || mi > 59 || se > 60)
            return ND_EPARSE;
        if (*p == 'Z' || *p == 'z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (!digits(&p, 2, &oh))
                return ND_EPARSE;
            if (*p == ':')
                p++;
            if (isdigit((unsigned char)*p) && !digits(&p, 2, &om))
                return ND_EPARSE;
            off = sign * (oh * 3600 + om * 60);
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return ND_EPARSE;
    *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
    return ND_OK;
}
