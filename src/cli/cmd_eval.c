/*
 * cmd_eval.c - `neardup eval`: score a grouping (the output of `neardup
 * cluster`) against a ground truth, with pairwise precision, recall, F1
 * and the adjusted Rand index (docs/evaluation.md).
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: neardup eval --truth TRUTH.jsonl [--json] [PRED.jsonl]\n"
          "\n"
          "Score predicted groups against true ones. TRUTH has one JSON line per\n"
          "item, {\"id\": ..., \"group\": ...}; PRED is the output of 'neardup cluster'\n"
          "(or any JSON Lines with \"id\" and \"group\"), standard input when omitted\n"
          "or -. Files may be gzip-compressed.\n"
          "\n"
          "Items are the ids of the truth. A pair of items is together when both are\n"
          "in the same group; precision is the share of predicted pairs that are true,\n"
          "recall the share of true pairs that are predicted, F1 their harmonic mean;\n"
          "ARI is the adjusted Rand index (1 identical, about 0 chance). An id missing\n"
          "from PRED counts as a group of its own; ids only in PRED are ignored.\n"
          "\n"
          "  -t, --truth FILE   the ground truth (required)\n"
          "      --json         one JSON line instead of the table\n"
          "  -h, --help         this help\n"
          "\n"
          "Exit status: 0 scored; 2 usage error; 3 a file cannot be read;\n"
          "4 a bad line in either file (FILE:LINE on stderr), nothing scored.\n",
          f);
}

static void print_table(const nd_eval_result *r)
{
    printf("items              %llu\n"
           "true groups        %llu\n"
           "predicted groups   %llu\n"
           "true pairs         %llu\n"
           "predicted pairs    %llu\n"
           "common pairs       %llu\n"
           "precision          %.4f\n"
           "recall             %.4f\n"
           "F1                 %.4f\n"
           "ARI                %.4f\n"
           "missing            %llu\n"
           "extra              %llu\n",
           (unsigned long long)r->n_items, (unsigned long long)r->truth_groups,
           (unsigned long long)r->pred_groups, (unsigned long long)r->truth_pairs,
           (unsigned long long)r->pred_pairs, (unsigned long long)r->common_pairs, r->precision,
           r->recall, r->f1, r->ari, (unsigned long long)r->missing, (unsigned long long)r->extra);
}

/* Every value is a number, so the line is built directly; %.6f always
 * gives valid JSON for finite values, and all the metrics are finite. */
static void print_json(const nd_eval_result *r)
{
    char line[640];
    int n = snprintf(line, sizeof line,
                     "{\"items\":%llu,\"truth_groups\":%llu,\"pred_groups\":%llu,"
                     "\"truth_pairs\":%llu,\"pred_pairs\":%llu,\"common_pairs\":%llu,"
                     "\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"ari\":%.6f,"
                     "\"missing\":%llu,\"extra\":%llu}\n",
                     (unsigned long long)r->n_items, (unsigned long long)r->truth_groups,
                     (unsigned long long)r->pred_groups, (unsigned long long)r->truth_pairs,
                     (unsigned long long)r->pred_pairs, (unsigned long long)r->common_pairs,
                     r->precision, r->recall, r->f1, r->ari, (unsigned long long)r->missing,
                     (unsigned long long)r->extra);
    if (n > 0 && (size_t)n < sizeof line)
        fputs(line, stdout);
}

int cmd_eval(int argc, char **argv)
{
    enum { OPT_JSON = 256 };
    static const struct option long_opts[] = {{"truth", required_argument, NULL, 't'},
                                              {"json", no_argument, NULL, OPT_JSON},
                                              {"help", no_argument, NULL, 'h'},
                                              {NULL, 0, NULL, 0}};
    const char *truth = NULL;
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "t:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 't': truth = optarg; break;
        case OPT_JSON: json = 1; break;
        case 'h': usage(stdout); return ND_EXIT_OK;
        default: fputs("try 'neardup eval --help'\n", stderr); return ND_EXIT_USAGE;
        }
    }
    if (!truth) {
        cli_error("eval needs --truth FILE (try 'neardup eval --help')");
        return ND_EXIT_USAGE;
    }
    if (argc - optind > 1) {
        cli_error("eval takes one prediction file, not %d", argc - optind);
        return ND_EXIT_USAGE;
    }
    const char *pred = optind < argc ? argv[optind] : "-";
    if (!strcmp(truth, "-") && !strcmp(pred, "-")) {
        cli_error("the truth and the predictions cannot both come from standard input");
        return ND_EXIT_USAGE;
    }

    nd_eval_result r;
    char msg[512];
    int err = nd_eval_files(truth, pred, &r, msg, sizeof msg);
    if (err < 0) {
        cli_error("%s", msg[0] ? msg : nd_strerror(err));
        switch (err) {
        case ND_EPARSE:
        case ND_ECORRUPT: return ND_EXIT_BAD_INPUT;
        case ND_EINVAL: return ND_EXIT_USAGE;
        default: return ND_EXIT_IO;
        }
    }
    if (r.n_items == 0)
        cli_error("warning: %s has no items", truth);
    if (r.missing)
        cli_error("warning: %llu of %llu ids of the truth are not in the predictions "
                  "(each counted as a group of its own)",
                  (unsigned long long)r.missing, (unsigned long long)r.n_items);
    if (json)
        print_json(&r);
    else
        print_table(&r);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error");
        return ND_EXIT_IO;
    }
    return ND_EXIT_OK;
}
