/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz share. Each target is
 * built twice: with clang and libFuzzer (make fuzz), and with the build's
 * own compiler and flags around replay.c (make tests), which feeds it the
 * files of tests/fuzz/corpus/<target>/ in make check.
 */
#ifndef ND_FUZZ_H
#define ND_FUZZ_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

/* The entry point libFuzzer calls; replay.c calls it once per corpus file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message: a broken promise is a finding, like a crash. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* An unlinked temporary file, reached by the path /proc/self/fd/N (Linux),
 * so that nothing is left behind when a crash ends the process. The
 * library opens the path afresh, with its own offset, on every read. */
typedef struct nd_fuzz_file {
    int fd;
    char path[64];
} nd_fuzz_file;

static inline void nd_fuzz_file_open(nd_fuzz_file *f)
{
    char tmpl[4096];
    const char *t = getenv("TMPDIR");
    snprintf(tmpl, sizeof tmpl, "%s/ndfuzz.XXXXXX", t && *t ? t : "/tmp");
    f->fd = mkstemp(tmpl);
    if (f->fd < 0) {
        perror(tmpl);
        abort();
    }
    unlink(tmpl);
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

/* Make the file hold exactly size bytes of data. */
static inline void nd_fuzz_file_set(nd_fuzz_file *f, const void *data, size_t size)
{
    if (ftruncate(f->fd, 0) != 0) {
        perror("ftruncate");
        abort();
    }
    const char *p = data;
    off_t at = 0;
    while (size > 0) {
        ssize_t w = pwrite(f->fd, p, size, at);
        if (w <= 0) {
            perror("pwrite");
            abort();
        }
        p += w;
        at += w;
        size -= (size_t)w;
    }
}

/* gzip (not zlib) framing of data, malloc'd; the targets read it back. */
static inline uint8_t *nd_fuzz_gzip(const uint8_t *data, size_t size, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    FUZZ_CHECK(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    uLong bound = deflateBound(&zs, (uLong)size) + 32;
    uint8_t *out = malloc(bound);
    FUZZ_CHECK(out != NULL);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)size;
    zs.next_out = out;
    zs.avail_out = (uInt)bound;
    FUZZ_CHECK(deflate(&zs, Z_FINISH) == Z_STREAM_END);
    *out_len = (size_t)zs.total_out;
    deflateEnd(&zs);
    return out;
}

#endif /* ND_FUZZ_H */
