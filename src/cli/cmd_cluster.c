/*
 * cmd_cluster.c - `neardup cluster` and `neardup dedup`: read every input,
 * run the pipeline once, then write the outputs whole or not at all.
 */
#include <string.h>

#include "cli.h"

static void usage_cluster(FILE *f)
{
    fprintf(f,
            "usage: neardup cluster [OPTIONS] [INPUT...]\n"
            "\n"
            "Group near-duplicate and republished articles. Writes one JSON line per\n"
            "article, in input order: {\"id\",\"group\",\"canonical_id\",\"role\",\"evidence\",\n"
            "\"similarity\",\"containment\",\"canonical_containment\"}.\n"
            "\n%s\n"
            "Output:\n"
            "  -o, --output FILE      the per-article lines (default: standard output)\n"
            "      --groups FILE      also one JSON line per group of 2 or more\n"
            "      --assignments FILE the per-article lines to FILE as well\n"
            "  -q, --quiet            no summary on stderr\n"
            "      --progress         progress on stderr (default when it is a terminal)\n"
            "  -h, --help             this help\n",
            cli_options_help);
}

static void usage_dedup(FILE *f)
{
    fprintf(f,
            "usage: neardup dedup [OPTIONS] [INPUT...]\n"
            "\n"
            "Write the input records of the canonical articles only (one per group,\n"
            "singletons included), byte for byte as they came in.\n"
            "\n%s\n"
            "Output:\n"
            "  -o, --output FILE      the kept records (default: standard output)\n"
            "      --groups FILE      also one JSON line per group of 2 or more\n"
            "      --assignments FILE also one JSON line per article (as cluster writes)\n"
            "  -q, --quiet            no summary on stderr\n"
            "      --progress         progress on stderr (default when it is a terminal)\n"
            "  -h, --help             this help\n",
            cli_options_help);
}

int cmd_cluster(int argc, char **argv, int dedup)
{
    cli_run r;
    cli_run_init(&r);
    int rc = cli_run_parse(&r, argc, argv, dedup ? "dedup" : "cluster",
                           dedup ? usage_dedup : usage_cluster);
    if (rc != 0)
        return rc > 0 ? ND_EXIT_OK : ND_EXIT_USAGE;
    r.ro.keep_raw = dedup;

    nd_corpus *corpus;
    int status = cli_read_all(&r, &corpus);
    if (!corpus)
        return status;
    if (status == ND_EXIT_IO || status == ND_EXIT_BAD_INPUT)
        goto done;

    /* every output goes to a temporary file first; all are renamed at the
     * end, so a failure never leaves a half-written file behind */
    cli_out outs[4];
    int n_outs = 0, bad = 0, err = ND_OK;
    const char *report = r.report ? (r.report_path ? r.report_path : "/dev/stderr") : NULL;
    const char *paths[4] = {r.out_path, r.groups_path, r.assign_path, report};
    for (int i = 0; i < 4 && !bad; i++) {
        if (!paths[i])
            continue;
        if (cli_out_open(&outs[n_outs], paths[i]) < 0) {
            bad = 1;
            break;
        }
        cli_out *o = &outs[n_outs++];
        if (i == 0)
            err = dedup ? nd_corpus_write_dedup(corpus, cli_out_write, o)
                        : nd_corpus_write_assignments(corpus, cli_out_write, o);
        else if (i == 1)
            err = nd_corpus_write_groups(corpus, cli_out_write, o);
        else if (i == 2)
            err = nd_corpus_write_assignments(corpus, cli_out_write, o);
        else
            err = nd_corpus_write_boilerplate(corpus, cli_out_write, o);
        if (err < 0) {
            cli_error("%s: cannot write: %s", paths[i], nd_strerror(err));
            bad = 1;
        }
    }
    for (int i = 0; i < n_outs; i++) {
        if (bad)
            cli_out_abort(&outs[i]);
        else if (cli_out_commit(&outs[i]) < 0)
            bad = 1;
    }
    if (bad) {
        status = ND_EXIT_IO;
        goto done;
    }
    if (!r.quiet)
        cli_summary(corpus);
done:
    nd_corpus_free(corpus);
    return status;
}
