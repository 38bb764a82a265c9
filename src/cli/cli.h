/*
 * cli.h - what the sub-commands of the neardup program share. The program
 * reaches the library through <neardup.h> only.
 */
#ifndef ND_CLI_H
#define ND_CLI_H

#include <stdio.h>

#include <neardup.h>

/* Exit codes (also in docs/neardup.1). */
enum nd_exit {
    ND_EXIT_OK = 0,        /* all input read, output written */
    ND_EXIT_SKIPPED = 1,   /* output written, but some input was bad and skipped */
    ND_EXIT_USAGE = 2,     /* bad command line */
    ND_EXIT_IO = 3,        /* output could not be written, or a system error */
    ND_EXIT_BAD_INPUT = 4  /* --on-error=fail met bad input: nothing written */
};

int cmd_cluster(int argc, char **argv, int dedup);
int cmd_params(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* What cluster, dedup and explain share: options, inputs, outputs. */
typedef struct cli_run {
    nd_options opts;
    nd_read_options ro;
    const char *out_path, *groups_path, *assign_path, *report_path;
    int quiet, progress, report, stats;
    char **inputs; /* what is left after the options */
    int n_inputs;
} cli_run;

/* The shared options, one line each, for the commands' --help. */
extern const char *cli_options_help;

void cli_run_init(cli_run *r);
/* Parse argv; returns 0 to go on, 1 when --help was printed, -1 on a usage
 * error (already reported). */
int cli_run_parse(cli_run *r, int argc, char **argv, const char *cmd, void (*usage)(FILE *));

/* Create the corpus, read inputs (paths, or "-" when there are none) and
 * run it. *out is NULL when the corpus could not be created. Returns the
 * exit status so far: OK, SKIPPED (bad records), BAD_INPUT (--on-error=fail
 * stopped it), IO (a system error or the run failed). */
int cli_read_all(const cli_run *r, nd_corpus **out);
int cli_read_inputs(const cli_run *r, nd_corpus *corpus, char *const *inputs, int n);

/* Wall-clock seconds, and the --stats table on stderr. */
double cli_now(void);
void cli_print_stats(const nd_corpus *c, double read_s, double total_s);

/* "neardup: N articles, N groups of 2 or more, ..." on stderr. */
void cli_summary(const nd_corpus *corpus);

/* Report "neardup: ..." on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a number option; on error print a usage message and return -1. */
int cli_parse_double(const char *opt, const char *s, double lo, double hi, double *out);
int cli_parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out);

/* An output that appears whole or not at all: written to a temporary file
 * beside the target and renamed into place on commit. "-" is stdout. */
typedef struct cli_out {
    const char *path;
    char *tmp;
    FILE *f;
    int failed;
    int direct; /* not a regular file (a device, a pipe): written in place */
} cli_out;

int cli_out_open(cli_out *o, const char *path);
int cli_out_write(const void *buf, size_t len, void *payload); /* nd_write_fn */
int cli_out_commit(cli_out *o);  /* 0 on success */
void cli_out_abort(cli_out *o);

/* Progress on stderr, rewritten in place; only when enabled. */
void cli_progress(const char *stage, uint64_t done, uint64_t total, void *payload);

#endif
