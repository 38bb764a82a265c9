/*
 * jsonl.c - one JSON Lines record into an article, on a worker thread:
 * parse the line, find the fields, check them, tokenize the text. What it
 * finds wrong stays with the line, to be reported in input order when the
 * batch is taken (batch.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"

/* Follow a dotted path ("meta.id") through nested objects. */
static const cJSON *get_path(const cJSON *obj, const char *path)
{
    char part[256];
    while (obj && *path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        if (len >= sizeof part)
            return NULL;
        memcpy(part, path, len);
        part[len] = '\0';
        if (!cJSON_IsObject(obj))
            return NULL;
        obj = cJSON_GetObjectItemCaseSensitive(obj, part);
        path += len + (dot != NULL);
    }
    return obj;
}

static const char *get_string(const cJSON *root, const char *path)
{
    const cJSON *v = path ? get_path(root, path) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void fail(nd__jline *it, int code, const char *msg)
{
    it->err = code;
    it->msg = nd__strdup(msg); /* NULL: the code's own words will do */
}

const char *nd__json_scalar(const cJSON *v, char *buf, size_t size)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (!cJSON_IsNumber(v))
        return NULL;
    double x = v->valuedouble;
    /* range first: casting an out-of-range double is undefined */
    if (x > -9e15 && x < 9e15 && x == (double)(long long)x)
        snprintf(buf, size, "%lld", (long long)x);
    else
        snprintf(buf, size, "%.17g", x);
    return buf;
}

static void parse_root(nd_corpus *c, nd__jline *it, nd__scratch *sc, const cJSON *root)
{
    const nd__jsonl_input *in = c->jin;
    char msg[ND__ERRMSG_SIZE];
    const cJSON *text = get_path(root, in->text_field);
    if (!text) {
        snprintf(msg, sizeof msg, "missing field '%s'", in->text_field);
        fail(it, ND_ENOTFOUND, msg);
        return;
    }
    if (!cJSON_IsString(text)) {
        snprintf(msg, sizeof msg, "field '%s' is not a string", in->text_field);
        fail(it, ND_EPARSE, msg);
        return;
    }
    char idbuf[64], *fallback = NULL;
    const char *id = nd__json_scalar(get_path(root, in->id_field), idbuf, sizeof idbuf);
    if (!id) { /* no id: name the article by where it stands, whole */
        size_t size = strlen(in->file) + 24;
        if (!(fallback = malloc(size))) {
            fail(it, ND_ENOMEM, "out of memory");
            return;
        }
        snprintf(fallback, size, "%s:%llu", in->file, (unsigned long long)it->lineno);
        id = fallback;
    }
    const char *date = in->date_field ? get_string(root, in->date_field) : NULL;
    if (!in->date_field && !(date = get_string(root, "published")))
        date = get_string(root, "date");
    nd__record r = {id, text->valuestring, strlen(text->valuestring),
                    get_string(root, in->title_field), date,
                    get_string(root, in->source_field), get_string(root, in->url_field),
                    it->line, it->len, in->keep_raw ? ND__RAW_JSON : ND__RAW_NONE,
                    in->origin, it->lineno, in->text_name};
    nd__errbuf e;
    const char *t;
    size_t t_len;
    char *fixed, *warn;
    int err = nd__doc_fill(c, &e, &r, &it->doc, &sc->strs, &t, &t_len, &fixed, &warn);
    free(fallback); /* the article has its own copy */
    if (err < 0) {
        fail(it, err, e.msg);
        return;
    }
    it->msg = warn;
    nd__doc *d = &it->doc;
    /* cJSON's own copy of the text is tokenized: no other copy is made */
    err = nd__batch_tokenize(c, sc, d, t, t_len);
    free(fixed);
    if (err < 0) {
        nd__doc_free(c, d);
        memset(d, 0, sizeof *d);
        free(it->msg);
        fail(it, err, "out of memory");
    }
}

void nd__jline_parse(nd_corpus *c, nd__jline *it, nd__scratch *sc)
{
    if (it->err)
        return; /* the reader found it bad: nothing to parse */
    char msg[ND__ERRMSG_SIZE];
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(it->line, it->len, &end, 0);
    if (!root || !cJSON_IsObject(root)) {
        size_t col = end && end >= it->line ? (size_t)(end - it->line) + 1 : 1;
        if (root)
            snprintf(msg, sizeof msg, "not a JSON object");
        else
            snprintf(msg, sizeof msg, "invalid JSON near column %zu", col);
        fail(it, ND_EPARSE, msg);
        cJSON_Delete(root);
        return;
    }
    /* one object per line: anything but blanks after it is a broken line */
    for (const char *p = end; p && p < it->line + it->len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r') {
            snprintf(msg, sizeof msg, "text after the JSON object at column %zu",
                     (size_t)(p - it->line) + 1);
            fail(it, ND_EPARSE, msg);
            cJSON_Delete(root);
            return;
        }
    parse_root(c, it, sc, root);
    cJSON_Delete(root);
}
