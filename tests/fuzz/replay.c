/*
 * replay.c - run a fuzz target without libFuzzer (zstd's regression
 * driver): every file of the folders (or the files) given on the command
 * line goes once through LLVMFuzzerTestOneInput, in byte order of the
 * names. Built with the target by make tests, with the build's compiler
 * and sanitizer flags, so make check replays the committed corpora and
 * every crash once found stays fixed.
 *
 *   replay_jsonl tests/fuzz/corpus/jsonl   ->   "replayed N inputs"
 *
 * Exits 0 when every input ran; a crash, a failed check or a sanitizer
 * report ends the process with its own status. Exits 2 when a folder or
 * file cannot be read, so an empty run never passes for a clean one.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file into a buffer of exactly its size (so that a read past
 * the end is caught by ASan, as under libFuzzer). */
static uint8_t *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 0, n = 0;
    uint8_t *buf = NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            uint8_t *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    uint8_t *exact = malloc(n ? n : 1);
    if (exact && n)
        memcpy(exact, buf, n);
    free(buf);
    *size = n;
    return exact;
}

static int run_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = slurp(path, &size);
    if (!data) {
        fprintf(stderr, "replay: %s: cannot read: %s\n", path, strerror(errno));
        return -1;
    }
    if (getenv("REPLAY_VERBOSE"))
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

static int run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: cannot open folder: %s\n", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int err = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                err = -1;
                break;
            }
            names = nn;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(len))) {
            err = -1;
            break;
        }
        snprintf(names[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && err == 0; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && !S_ISREG(st.st_mode))
            continue;
        if ((err = run_file(names[i])) == 0)
            (*count)++;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return err;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FOLDER|FILE...\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int err;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            err = run_dir(argv[i], &count);
        } else if ((err = run_file(argv[i])) == 0) {
            count++;
        }
        if (err < 0)
            return 2;
    }
    printf("replayed %zu inputs\n", count);
    return 0;
}
