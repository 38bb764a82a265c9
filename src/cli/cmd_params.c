/*
 * cmd_params.c - `neardup params`: show the LSH banding a threshold gets
 * and how likely pairs of each similarity are to become candidates.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: neardup params [-t T] [--num-perm K] [--bands B --rows R]\n"
               "\n"
               "Print the LSH bands and rows for a Jaccard threshold T (default %.2f) and\n"
               "the probability that a pair of each similarity becomes a candidate,\n"
               "P(s) = 1 - (1 - s^rows)^bands. Every candidate is then verified exactly.\n",
            ND_DEFAULT_THRESHOLD);
}

int cmd_params(int argc, char **argv)
{
    static const struct option long_opts[] = {{"threshold", required_argument, NULL, 't'},
                                              {"num-perm", required_argument, NULL, 'k'},
                                              {"bands", required_argument, NULL, 'b'},
                                              {"rows", required_argument, NULL, 'r'},
                                              {"help", no_argument, NULL, 'h'},
                                              {NULL, 0, NULL, 0}};
    double t = ND_DEFAULT_THRESHOLD;
    unsigned k = 128, b = 0, r = 0;
    int c;
    while ((c = getopt_long(argc, argv, "t:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_parse_double("--threshold", optarg, 0.01, 1.0, &t) < 0)
                return ND_EXIT_USAGE;
            break;
        case 'k':
            if (cli_parse_uint("--num-perm", optarg, 1, 4096, &k) < 0)
                return ND_EXIT_USAGE;
            break;
        case 'b':
            if (cli_parse_uint("--bands", optarg, 1, 4096, &b) < 0)
                return ND_EXIT_USAGE;
            break;
        case 'r':
            if (cli_parse_uint("--rows", optarg, 1, 4096, &r) < 0)
                return ND_EXIT_USAGE;
            break;
        case 'h': usage(stdout); return ND_EXIT_OK;
        default: usage(stderr); return ND_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("params takes no inputs");
        return ND_EXIT_USAGE;
    }
    if ((b == 0) != (r == 0) || (uint64_t)b * r > k) {
        cli_error("give --bands and --rows together, with bands x rows <= --num-perm");
        return ND_EXIT_USAGE;
    }
    const char *how = "given";
    if (!b) {
        nd_lsh_params(t, k, &b, &r);
        how = "derived";
    }
    printf("threshold %.2f  num-perm %u  bands %u  rows %u  (%s; %u values used)\n", t, k, b,
           r, how, b * r);
    printf("P(candidate) at the threshold: %.4f\n", nd_lsh_probability(t, b, r));
    printf("similarity  P(candidate)\n");
    for (int i = 1; i <= 10; i++)
        printf("%10.1f  %.4f\n", i / 10.0, nd_lsh_probability(i / 10.0, b, r));
    return ND_EXIT_OK;
}
