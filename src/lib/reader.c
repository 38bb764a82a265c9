/*
 * reader.c - the reading stage: JSON Lines, text files, folders of either,
 * and standard input, gzip inflated on the way in (instream.c). Bad records
 * are reported with file and line and skipped; nothing here ever stops a
 * run unless stop_on_error asks for it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "instream.h"

#define DEFAULT_MAX_RECORD ((size_t)64 << 20)
#define CHUNK ((size_t)1 << 16)
#define MAX_DEPTH 64

/* A buffered line reader over an input stream. */
typedef struct lines {
    nd__instream *in;
    char *buf;
    size_t cap, start, end;
    int eof;
    int zerr; /* the stream was damaged (truncated or corrupt gzip) */
} lines;

static int lines_fill(lines *lr)
{
    if (lr->start > 0) { /* slide the unread part to the front */
        memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
        lr->end -= lr->start;
        lr->start = 0;
    }
    if (nd__grow((void **)&lr->buf, &lr->cap, lr->end + CHUNK, 1))
        return ND_ENOMEM;
    size_t got = nd__instream_read(lr->in, lr->buf + lr->end, CHUNK);
    if (got == 0) {
        lr->eof = 1;
        lr->zerr = lr->in->corrupt || lr->in->read_errno;
    }
    lr->end += got;
    return ND_OK;
}

/* Next line without its '\n'. Returns 1 with a line, 0 at the end, < 0 on
 * error. A line longer than max is consumed whole and flagged *too_long. */
static int lines_next(lines *lr, size_t max, const char **line, size_t *len, int *too_long)
{
    size_t scanned = 0; /* bytes after start already searched for '\n' */
    *too_long = 0;
    for (;;) {
        size_t avail = lr->end - lr->start;
        char *nl = avail > scanned ? memchr(lr->buf + lr->start + scanned, '\n', avail - scanned)
                                   : NULL;
        if (nl || (lr->eof && avail > 0 && !lr->zerr)) {
            size_t n = nl ? (size_t)(nl - (lr->buf + lr->start)) : avail;
            *line = lr->buf + lr->start;
            *len = n;
            lr->start += nl ? n + 1 : n;
            if (n > max) {
                *too_long = 1;
                *len = 0;
            }
            return 1;
        }
        if (lr->eof)
            return 0; /* a line cut short by a corrupt stream is no record */
        if (avail > max) {
            /* drop the long line's bytes as they come, up to its newline */
            *too_long = 1;
            for (;;) {
                lr->start = lr->end;
                if (lr->eof) {
                    *line = lr->buf + lr->start;
                    *len = 0;
                    return 1;
                }
                int err = lines_fill(lr);
                if (err < 0)
                    return err;
                nl = lr->end > lr->start ? memchr(lr->buf + lr->start, '\n', lr->end - lr->start)
                                         : NULL;
                if (nl) {
                    lr->start = (size_t)(nl - lr->buf) + 1;
                    *line = lr->buf + lr->start;
                    *len = 0;
                    return 1;
                }
            }
        }
        scanned = avail;
        int err = lines_fill(lr);
        if (err < 0)
            return err;
    }
}

typedef struct reader {
    nd_corpus *c;
    const nd_read_options *ro;
    size_t max;
    const char *id_field, *text_field, *title_field, *source_field, *url_field;
    const char *date_field; /* NULL: "published", then "date" */
} reader;

/* A bad record: report it (or fail the read when asked to). */
static int bad_record(reader *rd, int code, const char *file, uint64_t line, const char *why)
{
    return nd__corpus_bad_record(rd->c, rd->ro->stop_on_error, code, file, line, why);
}

static int damaged(reader *rd, const char *file, uint64_t lineno, const nd__instream *in)
{
    if (in->read_errno)
        return nd__fail(&rd->c->err, ND_EIO, "%s:%llu: read error: %s", file,
                        (unsigned long long)lineno, strerror(in->read_errno));
    return nd__fail(&rd->c->err, ND_ECORRUPT,
                    "%s:%llu: truncated or corrupt gzip (%s); the records before it were read",
                    file,
                    (unsigned long long)lineno, in->zmsg ? in->zmsg : "unexpected end");
}

/* The lines go to the corpus, which parses them on its workers and takes
 * the articles (and reports the bad records) in order (batch.c). */
static int read_jsonl(reader *rd, lines *lr, const char *file)
{
    uint32_t origin = nd__corpus_origin(rd->c, file);
    if (origin == UINT32_MAX)
        return ND_ENOMEM;
    char text_name[300];
    snprintf(text_name, sizeof text_name, "field '%s'", rd->text_field);
    nd__jsonl_input in = {file, origin, rd->id_field, rd->text_field, rd->title_field,
                          rd->source_field, rd->url_field, rd->date_field, text_name,
                          rd->ro->keep_raw, rd->ro->stop_on_error};
    const char *line = NULL;
    size_t len = 0;
    int too_long, r = 0;
    uint64_t lineno = 0;
    int err = nd__jsonl_begin(rd->c, &in);
    while (err == ND_OK && (r = lines_next(lr, rd->max, &line, &len, &too_long)) > 0) {
        lineno++;
        if (too_long) {
            char msg[128];
            snprintf(msg, sizeof msg, "record longer than %zu bytes", rd->max);
            err = nd__jsonl_add_bad(rd->c, lineno, ND_ERANGE, msg);
            continue;
        }
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* a byte order mark is not part of the first record */
            len -= 3;
        }
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        if (i == len)
            continue; /* blank lines separate nothing and are not records */
        err = nd__jsonl_add(rd->c, lineno, line, len);
    }
    if (err == ND_OK && r < 0)
        err = r;
    int end = nd__jsonl_end(rd->c, err == ND_OK);
    if (err == ND_OK)
        err = end;
    if (err == ND_OK && lr->zerr)
        err = damaged(rd, file, lineno + 1, lr->in);
    return err;
}

/* The whole stream is one article: what the buffer holds and the rest. */
static int read_text(reader *rd, lines *lr, const char *file, const char *id)
{
    uint32_t origin = nd__corpus_origin(rd->c, file);
    if (origin == UINT32_MAX)
        return ND_ENOMEM;
    int err = ND_OK, too_long = 0;
    while (!lr->eof && err == ND_OK) {
        if (lr->end - lr->start > rd->max) {
            too_long = 1;
            break;
        }
        err = lines_fill(lr);
    }
    if (err < 0)
        return err;
    if (lr->zerr)
        return damaged(rd, file, 0, lr->in);
    if (too_long) {
        char msg[128];
        snprintf(msg, sizeof msg, "article longer than %zu bytes", rd->max);
        return bad_record(rd, ND_ERANGE, file, 0, msg);
    }
    size_t len = lr->end - lr->start;
    const char *text = lr->buf ? lr->buf + lr->start : "";
    nd__record r = {id, text, len, NULL, NULL, NULL, NULL, NULL, 0,
                    rd->ro->keep_raw ? ND__RAW_TEXT : ND__RAW_NONE, origin, 0, "the file"};
    err = nd__corpus_add_record(rd->c, &r);
    if (err == ND_ENOMEM || err == ND_ESTATE)
        return err;
    if (err < 0)
        return bad_record(rd, err, file, 0, rd->c->err.msg);
    return ND_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Format from the name alone: JSONL, TEXT, or AUTO when the name says nothing. */
static nd_format format_by_name(const char *path)
{
    static const char *const jsonl[] = {".jsonl", ".ndjson", ".json", ".jsonl.gz",
                                        ".ndjson.gz", ".json.gz"};
    static const char *const text[] = {".txt", ".text", ".md", ".txt.gz", ".text.gz"};
    for (size_t i = 0; i < sizeof jsonl / sizeof jsonl[0]; i++)
        if (ends_with(path, jsonl[i]))
            return ND_FORMAT_JSONL;
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (ends_with(path, text[i]))
            return ND_FORMAT_TEXT;
    return ND_FORMAT_AUTO;
}

/* Read one opened stream whose format is known or is to be sniffed. */
static int read_stream(reader *rd, int fd, const char *file, const char *id, nd_format fmt)
{
    nd__instream in;
    int err = nd__instream_open(&in, fd);
    if (err < 0)
        return nd__fail(&rd->c->err, err, "%s: out of memory", file);
    lines lr = {&in, NULL, 0, 0, 0, 0, 0};
    if (fmt == ND_FORMAT_AUTO) {
        /* sniff: the first non-blank byte of a JSON Lines file is '{' (a
         * byte order mark may come first) */
        size_t i = 0;
        for (;;) {
            while (i < lr.end && (lr.buf[i] == ' ' || lr.buf[i] == '\t' || lr.buf[i] == '\r' ||
                                  lr.buf[i] == '\n'))
                i++;
            if (i > rd->max)
                break; /* only blanks so far: a text, and read_text says it is too long */
            if (i + 3 <= lr.end && memcmp(lr.buf + i, "\xEF\xBB\xBF", 3) == 0) {
                i += 3;
                continue;
            }
            if (i < lr.end || lr.eof)
                break;
            if ((err = lines_fill(&lr)) < 0)
                break;
        }
        fmt = i < lr.end && lr.buf[i] == '{' ? ND_FORMAT_JSONL : ND_FORMAT_TEXT;
    }
    if (err == ND_OK)
        err = fmt == ND_FORMAT_JSONL ? read_jsonl(rd, &lr, file) : read_text(rd, &lr, file, id);
    free(lr.buf);
    nd__instream_close(&in);
    return err;
}

static int read_file(reader *rd, const char *path, const char *id, nd_format fmt)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return nd__fail(&rd->c->err, ND_EIO, "%s: cannot open: %s", path, strerror(errno));
    int err = read_stream(rd, fd, path, id, fmt);
    close(fd);
    return err;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct pathlist {
    char **v;
    size_t n, cap;
} pathlist;

static void pathlist_free(pathlist *pl)
{
    for (size_t i = 0; i < pl->n; i++)
        free(pl->v[i]);
    free(pl->v);
}

/* The folders from the root down to the current one, to catch loops made
 * by symbolic links (a folder linking to itself or to an ancestor). */
typedef struct ancestry {
    dev_t dev[MAX_DEPTH + 1];
    ino_t ino[MAX_DEPTH + 1];
} ancestry;

/* Collect the regular files below dir, skipping hidden entries. Unreadable
 * subfolders and folder loops are reported, not fatal. */
static int walk(reader *rd, const char *dir, int depth, pathlist *out, ancestry *anc)
{
    if (depth > MAX_DEPTH)
        return bad_record(rd, ND_ERANGE, dir, 0, "folders nested too deep; skipped");
    struct stat self;
    if (stat(dir, &self) == 0) {
        for (int i = 0; i < depth; i++)
            if (anc->dev[i] == self.st_dev && anc->ino[i] == self.st_ino)
                return bad_record(rd, ND_EINVAL, dir, 0,
                                  "a link back to a folder above it; skipped");
        anc->dev[depth] = self.st_dev;
        anc->ino[depth] = self.st_ino;
    }
    DIR *d = opendir(dir);
    if (!d)
        return depth == 0 ? nd__fail(&rd->c->err, ND_EIO, "%s: cannot open folder: %s", dir,
                                     strerror(errno))
                          : bad_record(rd, ND_EIO, dir, 0, "cannot open folder; skipped");
    struct dirent *e;
    int err = ND_OK;
    while (err == ND_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p) {
            err = ND_ENOMEM;
            break;
        }
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0) {
            err = bad_record(rd, ND_EIO, p, 0, "cannot stat; skipped");
            free(p);
        } else if (S_ISDIR(st.st_mode)) {
            err = walk(rd, p, depth + 1, out, anc);
            free(p);
        } else if (S_ISREG(st.st_mode)) {
            if (nd__grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v)) {
                free(p);
                err = ND_ENOMEM;
            } else {
                out->v[out->n++] = p;
            }
        } else {
            free(p);
        }
    }
    closedir(d);
    return err;
}

static int read_dir(reader *rd, const char *dir)
{
    pathlist pl = {NULL, 0, 0};
    ancestry anc;
    int err = walk(rd, dir, 0, &pl, &anc);
    if (err == ND_OK)
        qsort(pl.v, pl.n, sizeof *pl.v, cmp_str);
    size_t root_len = strlen(dir) + 1;
    for (size_t i = 0; i < pl.n && err == ND_OK; i++) {
        nd_format fmt = rd->ro->format;
        if (fmt == ND_FORMAT_AUTO)
            fmt = format_by_name(pl.v[i]) == ND_FORMAT_JSONL ? ND_FORMAT_JSONL : ND_FORMAT_TEXT;
        err = read_file(rd, pl.v[i], pl.v[i] + root_len, fmt);
        if (err == ND_EIO || err == ND_ECORRUPT) {
            /* one unreadable file in a folder loses only that file */
            if (!rd->ro->stop_on_error) {
                nd__corpus_diag(rd->c, err, NULL, 0, "%s", rd->c->err.msg);
                err = ND_OK;
            }
        }
    }
    pathlist_free(&pl);
    return err;
}

static int read_path(nd_corpus *c, const char *path, const nd_read_options *ro);

int nd_corpus_read(nd_corpus *c, const char *path, const nd_read_options *ro)
{
    if (!c || !path)
        return ND_EINVAL;
    int err = read_path(c, path, ro);
    /* the message belongs to a failing call: skipped records went to on_diag */
    if (err == ND_OK)
        nd__errclear(&c->err);
    return err;
}

static int read_path(nd_corpus *c, const char *path, const nd_read_options *ro)
{
    nd_read_options defaults = ND_READ_OPTIONS_INIT;
    if (!c || !path)
        return ND_EINVAL;
    nd__errclear(&c->err);
    if (c->ran)
        return nd__fail(&c->err, ND_ESTATE, "articles cannot be added after the run");
    if (!ro)
        ro = &defaults;
    if (ro->version != ND_READ_OPTIONS_VERSION)
        return nd__fail(&c->err, ND_EINVAL, "unsupported read options version %u", ro->version);
    reader rd = {c, ro, ro->max_record_bytes ? ro->max_record_bytes : DEFAULT_MAX_RECORD,
                 ro->id_field ? ro->id_field : "id",
                 ro->text_field ? ro->text_field : "text",
                 ro->title_field ? ro->title_field : "title",
                 ro->source_field ? ro->source_field : "source",
                 ro->url_field ? ro->url_field : "url",
                 ro->date_field};

    if (strcmp(path, "-") == 0) {
        /* without --format, standard input is sniffed like a file */
        return read_stream(&rd, STDIN_FILENO, "-", "-", ro->format);
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return nd__fail(&c->err, ND_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return read_dir(&rd, path);
    nd_format fmt = ro->format != ND_FORMAT_AUTO ? ro->format : format_by_name(path);
    return read_file(&rd, path, path, fmt);
}
