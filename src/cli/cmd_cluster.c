/*
 * cmd_cluster.c - `neardup cluster` and `neardup dedup`: read every input,
 * run the pipeline once, then write the outputs whole or not at all.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void usage(FILE *f, int dedup)
{
    fprintf(f,
            "usage: neardup %s [OPTIONS] [INPUT...]\n"
            "\n"
            "%s"
            "\n"
            "Input:\n"
            "  -f, --format FMT       auto (default), jsonl or text\n"
            "      --id-field F       JSONL field names; dotted paths reach into nested\n"
            "      --text-field F     objects (meta.id). Defaults: id, text, title,\n"
            "      --title-field F    published (then date), source, url\n"
            "      --date-field F\n"
            "      --source-field F\n"
            "      --url-field F\n"
            "      --repair-utf8      replace invalid UTF-8 by U+FFFD instead of skipping\n"
            "      --on-error MODE    skip (default: report, skip, exit 1) or fail\n"
            "      --max-record-bytes N  longest record accepted (default 64 MiB)\n"
            "\n"
            "Similarity:\n"
            "  -t, --threshold T      Jaccard similarity that makes a duplicate (default %.2f)\n"
            "      --shingle KIND:K   words:K (default words:5) or chars:K\n"
            "      --num-perm K       MinHash values per article (default 128)\n"
            "      --bands B --rows R LSH banding (default: derived from the threshold;\n"
            "                         see 'neardup params')\n"
            "      --min-words N      shorter articles group only with exact copies (default 10)\n"
            "      --seed N           hash seed (default 0)\n"
            "\n"
            "Groups:\n"
            "      --keep LIST        canonical policy, ranked keys: first, earliest, latest,\n"
            "                         longest, shortest, source-rank:FILE (default %s);\n"
            "                         input order breaks the last tie\n"
            "\n"
            "Output:\n"
            "  -o, --output FILE      %s (default: standard output)\n"
            "      --groups FILE      also write one JSON line per group of 2 or more\n"
            "      --assignments FILE also write one JSON line per article\n"
            "  -q, --quiet            no summary on stderr\n"
            "      --progress         progress on stderr (default when stderr is a terminal)\n"
            "  -h, --help             this help\n",
            dedup ? "dedup" : "cluster",
            dedup ? "Write the input records of the canonical articles only (one per group,\n"
                    "singletons included), byte for byte as they came in.\n"
                  : "Group near-duplicate articles. Writes one JSON line per article, in input\n"
                    "order: {\"id\",\"group\",\"canonical_id\",\"role\",\"similarity\",\"containment\"}.\n",
            ND_DEFAULT_THRESHOLD, ND_DEFAULT_KEEP,
            dedup ? "the deduplicated records" : "the per-article assignments");
}

enum {
    OPT_ID = 256, OPT_TEXT, OPT_TITLE, OPT_DATE, OPT_SOURCE, OPT_URL, OPT_REPAIR,
    OPT_ON_ERROR, OPT_MAX_RECORD, OPT_SHINGLE, OPT_NUM_PERM, OPT_BANDS, OPT_ROWS,
    OPT_MIN_WORDS, OPT_SEED, OPT_KEEP, OPT_GROUPS, OPT_ASSIGN, OPT_PROGRESS
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"id-field", required_argument, NULL, OPT_ID},
    {"text-field", required_argument, NULL, OPT_TEXT},
    {"title-field", required_argument, NULL, OPT_TITLE},
    {"date-field", required_argument, NULL, OPT_DATE},
    {"source-field", required_argument, NULL, OPT_SOURCE},
    {"url-field", required_argument, NULL, OPT_URL},
    {"repair-utf8", no_argument, NULL, OPT_REPAIR},
    {"on-error", required_argument, NULL, OPT_ON_ERROR},
    {"max-record-bytes", required_argument, NULL, OPT_MAX_RECORD},
    {"threshold", required_argument, NULL, 't'},
    {"shingle", required_argument, NULL, OPT_SHINGLE},
    {"num-perm", required_argument, NULL, OPT_NUM_PERM},
    {"bands", required_argument, NULL, OPT_BANDS},
    {"rows", required_argument, NULL, OPT_ROWS},
    {"min-words", required_argument, NULL, OPT_MIN_WORDS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"output", required_argument, NULL, 'o'},
    {"groups", required_argument, NULL, OPT_GROUPS},
    {"assignments", required_argument, NULL, OPT_ASSIGN},
    {"quiet", no_argument, NULL, 'q'},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

typedef struct diag_state {
    size_t reported;
} diag_state;

static void on_diag(const nd_diag *d, void *payload)
{
    diag_state *st = payload;
    st->reported++;
    if (d->file && d->line)
        cli_error("%s:%llu: %s", d->file, (unsigned long long)d->line, d->message);
    else if (d->file)
        cli_error("%s: %s", d->file, d->message);
    else
        cli_error("%s", d->message);
}

static int parse_shingle(const char *s, nd_options *o)
{
    unsigned k;
    const char *colon = strchr(s, ':');
    if (!colon)
        goto bad;
    if (!strncmp(s, "words", (size_t)(colon - s)) && colon - s == 5)
        o->shingle_kind = ND_SHINGLE_WORDS;
    else if (!strncmp(s, "chars", (size_t)(colon - s)) && colon - s == 5)
        o->shingle_kind = ND_SHINGLE_CHARS;
    else
        goto bad;
    if (cli_parse_uint("--shingle", colon + 1, 1, 64, &k) < 0)
        return -1;
    o->shingle_size = k;
    return 0;
bad:
    cli_error("--shingle: expected words:K or chars:K, not '%s'", s);
    return -1;
}

static int parse_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || *end || *s == '-') {
        cli_error("%s: expected a whole number, not '%s'", opt, s);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int cmd_cluster(int argc, char **argv, int dedup)
{
    nd_options opts = ND_OPTIONS_INIT;
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    const char *out_path = "-", *groups_path = NULL, *assign_path = NULL;
    int quiet = 0, progress = isatty(STDERR_FILENO), c;
    unsigned u;
    double d;
    diag_state ds = {0};

    while ((c = getopt_long(argc, argv, "f:t:o:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "auto"))
                ro.format = ND_FORMAT_AUTO;
            else if (!strcmp(optarg, "jsonl"))
                ro.format = ND_FORMAT_JSONL;
            else if (!strcmp(optarg, "text"))
                ro.format = ND_FORMAT_TEXT;
            else {
                cli_error("--format: expected auto, jsonl or text, not '%s'", optarg);
                return ND_EXIT_USAGE;
            }
            break;
        case OPT_ID: ro.id_field = optarg; break;
        case OPT_TEXT: ro.text_field = optarg; break;
        case OPT_TITLE: ro.title_field = optarg; break;
        case OPT_DATE: ro.date_field = optarg; break;
        case OPT_SOURCE: ro.source_field = optarg; break;
        case OPT_URL: ro.url_field = optarg; break;
        case OPT_REPAIR: opts.repair_utf8 = 1; break;
        case OPT_ON_ERROR:
            if (!strcmp(optarg, "skip"))
                ro.stop_on_error = 0;
            else if (!strcmp(optarg, "fail"))
                ro.stop_on_error = 1;
            else {
                cli_error("--on-error: expected skip or fail, not '%s'", optarg);
                return ND_EXIT_USAGE;
            }
            break;
        case OPT_MAX_RECORD: {
            uint64_t v;
            if (parse_u64("--max-record-bytes", optarg, &v) < 0 || v == 0)
                return ND_EXIT_USAGE;
            ro.max_record_bytes = (size_t)v;
            break;
        }
        case 't':
            if (cli_parse_double("--threshold", optarg, 0.01, 1.0, &d) < 0)
                return ND_EXIT_USAGE;
            opts.threshold = d;
            break;
        case OPT_SHINGLE:
            if (parse_shingle(optarg, &opts) < 0)
                return ND_EXIT_USAGE;
            break;
        case OPT_NUM_PERM:
            if (cli_parse_uint("--num-perm", optarg, 1, 4096, &u) < 0)
                return ND_EXIT_USAGE;
            opts.num_perm = u;
            break;
        case OPT_BANDS:
            if (cli_parse_uint("--bands", optarg, 1, 4096, &u) < 0)
                return ND_EXIT_USAGE;
            opts.bands = u;
            break;
        case OPT_ROWS:
            if (cli_parse_uint("--rows", optarg, 1, 4096, &u) < 0)
                return ND_EXIT_USAGE;
            opts.rows = u;
            break;
        case OPT_MIN_WORDS:
            if (cli_parse_uint("--min-words", optarg, 0, 1000000, &u) < 0)
                return ND_EXIT_USAGE;
            opts.min_words = u;
            break;
        case OPT_SEED:
            if (parse_u64("--seed", optarg, &opts.seed) < 0)
                return ND_EXIT_USAGE;
            break;
        case OPT_KEEP: {
            char msg[512];
            int err = nd_keep_check(optarg, msg, sizeof msg);
            if (err < 0) {
                cli_error("%s", msg[0] ? msg : nd_strerror(err));
                return err == ND_EIO ? ND_EXIT_IO : ND_EXIT_USAGE;
            }
            opts.keep = optarg;
            break;
        }
        case 'o': out_path = optarg; break;
        case OPT_GROUPS: groups_path = optarg; break;
        case OPT_ASSIGN: assign_path = optarg; break;
        case 'q': quiet = 1; break;
        case OPT_PROGRESS: progress = 1; break;
        case 'h': usage(stdout, dedup); return ND_EXIT_OK;
        default:
            fprintf(stderr, "try 'neardup %s --help'\n", dedup ? "dedup" : "cluster");
            return ND_EXIT_USAGE;
        }
    }
    if ((opts.bands == 0) != (opts.rows == 0)) {
        cli_error("--bands and --rows go together");
        return ND_EXIT_USAGE;
    }
    if (opts.bands && (uint64_t)opts.bands * opts.rows > opts.num_perm) {
        cli_error("--bands x --rows (%u x %u) exceeds --num-perm %u", opts.bands, opts.rows,
                  opts.num_perm);
        return ND_EXIT_USAGE;
    }
    if (quiet)
        progress = 0;
    opts.on_diag = on_diag;
    opts.diag_payload = &ds;
    if (progress)
        opts.on_progress = cli_progress;
    ro.keep_raw = dedup;

    nd_corpus *corpus;
    int err = nd_corpus_new(&corpus, &opts);
    if (err < 0) {
        cli_error("cannot start: %s", nd_strerror(err));
        return err == ND_ENOMEM ? ND_EXIT_IO : ND_EXIT_USAGE;
    }

    int status = ND_EXIT_OK;
    static const char *const stdin_only[] = {"-"};
    const char *const *inputs = optind < argc ? (const char *const *)argv + optind : stdin_only;
    int n_inputs = optind < argc ? argc - optind : 1;
    for (int i = 0; i < n_inputs; i++) {
        err = nd_corpus_read(corpus, inputs[i], &ro);
        if (err == ND_OK)
            continue;
        cli_error("%s", nd_corpus_errmsg(corpus));
        if (err == ND_ENOMEM) {
            status = ND_EXIT_IO;
            goto done;
        }
        if (ro.stop_on_error) {
            status = ND_EXIT_BAD_INPUT;
            goto done;
        }
        status = ND_EXIT_SKIPPED; /* an unreadable or damaged input: go on */
    }
    if (nd_corpus_skipped(corpus) > 0)
        status = ND_EXIT_SKIPPED;

    if ((err = nd_corpus_run(corpus)) < 0) {
        cli_error("%s", nd_corpus_errmsg(corpus));
        status = ND_EXIT_IO;
        goto done;
    }

    /* every output goes to a temporary file first; all are renamed at the
     * end, so a failure never leaves a half-written file behind */
    cli_out outs[3];
    int n_outs = 0, bad = 0;
    const char *paths[3] = {out_path, groups_path, assign_path};
    for (int i = 0; i < 3 && !bad; i++) {
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
        else
            err = nd_corpus_write_assignments(corpus, cli_out_write, o);
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

    if (!quiet) {
        size_t n = nd_corpus_count(corpus), groups = 0, dups = 0;
        for (size_t g = 0; g < nd_corpus_group_count(corpus); g++) {
            const size_t *m;
            size_t size;
            if (nd_corpus_group(corpus, g, &m, &size) == ND_OK && size > 1) {
                groups++;
                dups += size - 1;
            }
        }
        fprintf(stderr, "neardup: %zu articles, %zu groups of 2 or more, %zu duplicates",
                n, groups, dups);
        if (nd_corpus_skipped(corpus))
            fprintf(stderr, "; %zu bad records skipped", nd_corpus_skipped(corpus));
        fputc('\n', stderr);
    }
done:
    nd_corpus_free(corpus);
    return status;
}
