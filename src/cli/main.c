/*
 * main.c - the neardup program: picks the sub-command. Each sub-command
 * lives in its own cmd_<name>.c and reaches the library via <neardup.h>.
 */
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: neardup COMMAND [OPTIONS] [INPUT...]\n"
          "\n"
          "Find near-duplicate and republished news articles and group them,\n"
          "keeping one canonical article per group.\n"
          "\n"
          "Commands:\n"
          "  cluster   one JSON line per article: its group, canonical and similarity\n"
          "  dedup     the input records of canonical articles only, as they came in\n"
          "  explain   why two articles are or are not grouped (JSON)\n"
          "  params    the LSH bands and rows for a threshold, with their odds\n"
          "  eval      score groups against a ground truth: pair precision, recall, ARI\n"
          "  version   print the version\n"
          "\n"
          "INPUT is a JSON Lines file, a text file, a folder of them, or - for\n"
          "standard input (the default); .gz files are read transparently.\n"
          "'neardup COMMAND --help' gives the options of a command; 'man neardup'\n"
          "gives the whole manual with examples.\n"
          "\n"
          "Exit status: 0 ok; 1 some input was bad and skipped (output written);\n"
          "2 usage error; 3 output or system error; 4 bad input with --on-error=fail.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return ND_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return ND_EXIT_OK;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("neardup %s (text rules v%d)\n", nd_version_string(), ND_NORMALIZE_VERSION);
        return ND_EXIT_OK;
    }
    if (!strcmp(cmd, "cluster"))
        return cmd_cluster(argc - 1, argv + 1, 0);
    if (!strcmp(cmd, "dedup"))
        return cmd_cluster(argc - 1, argv + 1, 1);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 1, argv + 1);
    if (!strcmp(cmd, "params"))
        return cmd_params(argc - 1, argv + 1);
    if (!strcmp(cmd, "eval"))
        return cmd_eval(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'neardup --help')", cmd);
    return ND_EXIT_USAGE;
}
