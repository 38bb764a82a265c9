/*
 * util.c - small CLI helpers: messages, number parsing, whole-or-nothing
 * output files, progress lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("neardup: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi)) {
        cli_error("%s: expected a number from %g to %g, not '%s'", opt, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < lo || v > hi) {
        cli_error("%s: expected a whole number from %u to %u, not '%s'", opt, lo, hi, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        return 0;
    }
    /* Only a regular file (or a new one) is written beside and renamed into
     * place. Anything else is written as it is: renaming over a device node
     * would replace the device, and over a symbolic link (/dev/stdout, which
     * leads to whatever standard output is) would replace the link. */
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (!(o->f = fopen(path, "w"))) {
            cli_error("%s: cannot open: %s", path, strerror(errno));
            return -1;
        }
        o->direct = 1;
        return 0;
    }
    size_t n = strlen(path) + 16;
    o->tmp = malloc(n);
    if (!o->tmp)
        return -1;
    snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        cli_error("%s: cannot create: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    return 0;
}

int cli_out_write(const void *buf, size_t len, void *payload)
{
    cli_out *o = payload;
    if (len && fwrite(buf, 1, len, o->f) != len)
        o->failed = 1;
    return o->failed;
}

int cli_out_commit(cli_out *o)
{
    int bad = o->failed;
    if (o->f == stdout) {
        bad |= fflush(stdout) != 0 || ferror(stdout);
        if (bad)
            cli_error("standard output: write error: %s", strerror(errno));
        return bad ? -1 : 0;
    }
    bad |= fclose(o->f) != 0;
    o->f = NULL;
    if (o->direct) {
        if (bad)
            cli_error("%s: cannot write: %s", o->path, strerror(errno));
        return bad ? -1 : 0;
    }
    if (!bad && rename(o->tmp, o->path) != 0)
        bad = 1;
    if (bad) {
        cli_error("%s: cannot write: %s", o->path, strerror(errno));
        unlink(o->tmp);
    }
    free(o->tmp);
    o->tmp = NULL;
    return bad ? -1 : 0;
}

void cli_out_abort(cli_out *o)
{
    if (o->f && o->f != stdout) {
        fclose(o->f);
        if (!o->direct)
            unlink(o->tmp);
    }
    o->f = NULL;
    free(o->tmp);
    o->tmp = NULL;
}

void cli_progress(const char *stage, uint64_t done, uint64_t total, void *payload)
{
    (void)payload;
    if (total)
        fprintf(stderr, "\rneardup: %-10s %llu/%llu   ", stage, (unsigned long long)done,
                (unsigned long long)total);
    else
        fprintf(stderr, "\rneardup: %-10s %llu   ", stage, (unsigned long long)done);
    if (total && done >= total)
        fputc('\n', stderr);
}
