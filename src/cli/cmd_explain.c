/*
 * cmd_explain.c - `neardup explain A B`: everything that decides whether
 * two articles group, as one JSON object.
 */
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: neardup explain [OPTIONS] A B [INPUT...]\n"
            "\n"
            "Explain why two articles are or are not grouped, as one JSON object:\n"
            "their lengths before and after boilerplate masking, exact Jaccard and the\n"
            "MinHash estimate, containment both ways, the evidence that links them,\n"
            "whether LSH and the passage index make them a candidate, which --keep key\n"
            "prefers which, and the passages they share with their positions.\n"
            "\n"
            "Without INPUT, A and B are files of one article each (a text file, or\n"
            "JSON Lines whose first record is taken). With INPUT, A and B are ids of\n"
            "articles in INPUT, explained within that whole corpus (masking depends\n"
            "on the other articles of each source).\n"
            "\n%s\n"
            "  -o, --output FILE      where to write (default: standard output)\n"
            "  -h, --help             this help\n",
            cli_options_help);
}

/* Read one file and return the index of its first article. */
static int first_article(const cli_run *r, nd_corpus *c, char *path, size_t *out)
{
    size_t before = nd_corpus_count(c);
    int status = cli_read_inputs(r, c, &path, 1);
    if (status == ND_EXIT_IO || status == ND_EXIT_BAD_INPUT)
        return status;
    if (nd_corpus_count(c) == before) {
        cli_error("%s: no article found", path);
        return ND_EXIT_BAD_INPUT;
    }
    *out = before;
    return status;
}

int cmd_explain(int argc, char **argv)
{
    cli_run r;
    cli_run_init(&r);
    int rc = cli_run_parse(&r, argc, argv, "explain", usage);
    if (rc != 0)
        return rc > 0 ? ND_EXIT_OK : ND_EXIT_USAGE;
    if (r.n_inputs < 2) {
        cli_error("explain needs two articles: A B [INPUT...]");
        return ND_EXIT_USAGE;
    }
    if (r.groups_path || r.assign_path || r.report || r.report_path || r.stats) {
        cli_error("explain writes one explanation: --groups, --assignments, --report, "
                  "--boilerplate report and --stats belong to cluster and dedup");
        return ND_EXIT_USAGE;
    }
    r.quiet = 1;
    r.opts.keep_text = 1; /* the shared passages need the texts */
    r.opts.on_progress = NULL;

    nd_corpus *c;
    int err = nd_corpus_new(&c, &r.opts);
    if (err < 0) {
        cli_error("cannot start: %s", nd_strerror(err));
        return ND_EXIT_USAGE;
    }
    size_t a = 0, b = 0;
    int status;
    if (r.n_inputs == 2) {
        status = first_article(&r, c, r.inputs[0], &a);
        if (status == ND_EXIT_OK || status == ND_EXIT_SKIPPED) {
            int s2 = first_article(&r, c, r.inputs[1], &b);
            status = s2 != ND_EXIT_OK ? s2 : status;
        }
    } else {
        status = cli_read_inputs(&r, c, r.inputs + 2, r.n_inputs - 2);
        if (status != ND_EXIT_IO && status != ND_EXIT_BAD_INPUT) {
            for (int i = 0; i < 2; i++) {
                if (nd_corpus_find(c, r.inputs[i], i ? &b : &a) != ND_OK) {
                    cli_error("no article with id '%s' in the input", r.inputs[i]);
                    status = ND_EXIT_BAD_INPUT;
                }
            }
        }
    }
    if (status == ND_EXIT_IO || status == ND_EXIT_BAD_INPUT)
        goto done;
    if (nd_corpus_run(c) < 0) {
        cli_error("%s", nd_corpus_errmsg(c));
        status = ND_EXIT_IO;
        goto done;
    }
    cli_out o;
    if (cli_out_open(&o, r.out_path) < 0) {
        status = ND_EXIT_IO;
        goto done;
    }
    err = nd_corpus_explain(c, a, b, cli_out_write, &o);
    if (err < 0) {
        cli_error("cannot explain: %s", nd_strerror(err));
        cli_out_abort(&o);
        status = ND_EXIT_IO;
    } else if (cli_out_commit(&o) < 0) {
        status = ND_EXIT_IO;
    }
done:
    nd_corpus_free(c);
    return status;
}
