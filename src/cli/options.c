/*
 * options.c - the options that cluster, dedup and explain share, parsed
 * once into the library's option structs.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum {
    OPT_ID = 256, OPT_TEXT, OPT_TITLE, OPT_DATE, OPT_SOURCE, OPT_URL, OPT_REPAIR,
    OPT_ON_ERROR, OPT_MAX_RECORD, OPT_SHINGLE, OPT_NUM_PERM, OPT_SKETCH, OPT_BANDS, OPT_ROWS,
    OPT_MIN_WORDS, OPT_SEED, OPT_KEEP, OPT_GROUPS, OPT_ASSIGN, OPT_PROGRESS,
    OPT_BOILERPLATE, OPT_REPORT, OPT_CONTAINMENT, OPT_LEAD_WORDS, OPT_STATS
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
    {"sketch", required_argument, NULL, OPT_SKETCH},
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
    {"boilerplate", required_argument, NULL, OPT_BOILERPLATE},
    {"report", required_argument, NULL, OPT_REPORT},
    {"containment", required_argument, NULL, OPT_CONTAINMENT},
    {"lead-words", required_argument, NULL, OPT_LEAD_WORDS},
    {"threads", required_argument, NULL, 'j'},
    {"stats", no_argument, NULL, OPT_STATS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

static void on_diag(const nd_diag *d, void *payload)
{
    (void)payload;
    const char *kind = d->warning ? "warning: " : "";
    if (d->file && d->line)
        cli_error("%s:%llu: %s%s", d->file, (unsigned long long)d->line, kind, d->message);
    else if (d->file)
        cli_error("%s: %s%s", d->file, kind, d->message);
    else
        cli_error("%s%s", kind, d->message);
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

void cli_run_init(cli_run *r)
{
    nd_options o = ND_OPTIONS_INIT;
    nd_read_options ro = ND_READ_OPTIONS_INIT;
    memset(r, 0, sizeof *r);
    r->opts = o;
    r->ro = ro;
    r->out_path = "-";
    r->progress = isatty(STDERR_FILENO);
}

int cli_run_parse(cli_run *r, int argc, char **argv, const char *cmd, void (*usage)(FILE *))
{
    int c;
    unsigned u;
    double d;
    optind = 1;
    opterr = 0; /* our own messages: getopt would name the sub-command */
    while ((c = getopt_long(argc, argv, "f:t:o:j:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "auto"))
                r->ro.format = ND_FORMAT_AUTO;
            else if (!strcmp(optarg, "jsonl"))
                r->ro.format = ND_FORMAT_JSONL;
            else if (!strcmp(optarg, "text"))
                r->ro.format = ND_FORMAT_TEXT;
            else {
                cli_error("--format: expected auto, jsonl or text, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_ID: r->ro.id_field = optarg; break;
        case OPT_TEXT: r->ro.text_field = optarg; break;
        case OPT_TITLE: r->ro.title_field = optarg; break;
        case OPT_DATE: r->ro.date_field = optarg; break;
        case OPT_SOURCE: r->ro.source_field = optarg; break;
        case OPT_URL: r->ro.url_field = optarg; break;
        case OPT_REPAIR: r->opts.repair_utf8 = 1; break;
        case OPT_ON_ERROR:
            if (!strcmp(optarg, "skip"))
                r->ro.stop_on_error = 0;
            else if (!strcmp(optarg, "fail"))
                r->ro.stop_on_error = 1;
            else {
                cli_error("--on-error: expected skip or fail, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_MAX_RECORD: {
            uint64_t v;
            if (parse_u64("--max-record-bytes", optarg, &v) < 0 || v == 0)
                return -1;
            r->ro.max_record_bytes = (size_t)v;
            break;
        }
        case 't':
            if (cli_parse_double("--threshold", optarg, 0.01, 1.0, &d) < 0)
                return -1;
            r->opts.threshold = d;
            break;
        case OPT_SHINGLE:
            if (parse_shingle(optarg, &r->opts) < 0)
                return -1;
            break;
        case OPT_NUM_PERM:
            if (cli_parse_uint("--num-perm", optarg, 1, 4096, &u) < 0)
                return -1;
            r->opts.num_perm = u;
            break;
        case OPT_SKETCH:
            if (!strcmp(optarg, "minhash")) {
                r->opts.sketch = ND_SKETCH_MINHASH;
            } else if (!strcmp(optarg, "oph")) {
                r->opts.sketch = ND_SKETCH_OPH;
            } else {
                cli_error("--sketch: expected minhash or oph, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_BANDS:
            if (cli_parse_uint("--bands", optarg, 1, 4096, &u) < 0)
                return -1;
            r->opts.bands = u;
            break;
        case OPT_ROWS:
            if (cli_parse_uint("--rows", optarg, 1, 4096, &u) < 0)
                return -1;
            r->opts.rows = u;
            break;
        case OPT_MIN_WORDS:
            if (cli_parse_uint("--min-words", optarg, 0, 1000000, &u) < 0)
                return -1;
            r->opts.min_words = u;
            break;
        case OPT_SEED:
            if (parse_u64("--seed", optarg, &r->opts.seed) < 0)
                return -1;
            break;
        case OPT_KEEP: {
            char msg[512];
            int err = nd_keep_check(optarg, msg, sizeof msg);
            if (err < 0) {
                cli_error("%s", msg[0] ? msg : nd_strerror(err));
                return -1;
            }
            r->opts.keep = optarg;
            break;
        }
        case 'o': r->out_path = optarg; break;
        case OPT_GROUPS: r->groups_path = optarg; break;
        case OPT_ASSIGN: r->assign_path = optarg; break;
        case 'q': r->quiet = 1; break;
        case OPT_STATS: r->stats = 1; break;
        case 'j':
            if (cli_parse_uint("--threads", optarg, 0, 256, &u) < 0)
                return -1;
            r->opts.threads = u;
            break;
        case OPT_PROGRESS: r->progress = 1; break;
        case OPT_BOILERPLATE:
            if (!strcmp(optarg, "mask")) {
                r->opts.boilerplate = ND_BOILERPLATE_MASK;
            } else if (!strcmp(optarg, "off")) {
                r->opts.boilerplate = ND_BOILERPLATE_OFF;
            } else if (!strcmp(optarg, "report")) {
                r->opts.boilerplate = ND_BOILERPLATE_MASK;
                r->report = 1;
            } else {
                cli_error("--boilerplate: expected mask, off or report, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_REPORT: r->report_path = optarg; break;
        case OPT_CONTAINMENT:
            if (cli_parse_double("--containment", optarg, 0.0, 1.0, &d) < 0)
                return -1;
            r->opts.containment = d;
            break;
        case OPT_LEAD_WORDS:
            if (cli_parse_uint("--lead-words", optarg, 0, 100000, &u) < 0)
                return -1;
            r->opts.lead_words = u;
            break;
        case 'h': usage(stdout); return 1;
        default:
            if (optopt)
                cli_error("%s: option -%c is unknown or needs a value", cmd, optopt);
            else
                cli_error("%s: unknown option '%s'", cmd, argv[optind - 1]);
            fprintf(stderr, "try 'neardup %s --help'\n", cmd);
            return -1;
        }
    }
    if ((r->opts.bands == 0) != (r->opts.rows == 0)) {
        cli_error("--bands and --rows go together");
        return -1;
    }
    if (r->opts.bands && (uint64_t)r->opts.bands * r->opts.rows > r->opts.num_perm) {
        cli_error("--bands x --rows (%u x %u) exceeds --num-perm %u", r->opts.bands, r->opts.rows,
                  r->opts.num_perm);
        return -1;
    }
    if (r->quiet)
        r->progress = 0;
    r->opts.on_diag = on_diag;
    if (r->progress)
        r->opts.on_progress = cli_progress;
    if (r->report)
        r->opts.keep_text = 1;
    r->inputs = argv + optind;
    r->n_inputs = argc - optind;
    return 0;
}

const char *cli_options_help =
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
    "  -t, --threshold T      Jaccard that makes a duplicate (default 0.50)\n"
    "      --containment C    share of the smaller article inside the other that\n"
    "                         makes a republished piece (default 0.40; 0 = off)\n"
    "      --lead-words N     a shared opening paragraph of N+ words makes a\n"
    "                         republished piece (default 15; 0 = off)\n"
    "      --boilerplate M    mask (default): ignore paragraphs that recur across\n"
    "                         articles of one source; off; report: mask and list\n"
    "                         them (to --report FILE, default standard error)\n"
    "      --shingle KIND:K   words:K (default words:5) or chars:K\n"
    "      --num-perm K       MinHash values per article (default 128)\n"
    "      --sketch S         minhash (default): K hash functions; oph: one\n"
    "                         permutation hashing, K bins (faster, same format)\n"
    "      --bands B --rows R LSH banding (default: derived from the threshold;\n"
    "                         see 'neardup params')\n"
    "      --min-words N      shorter articles group only with exact copies (default 10)\n"
    "      --seed N           hash seed (default 0)\n"
    "      --stats            seconds, MB/s, articles/s and peak memory per stage\n"
    "                         on stderr\n"
    "  -j, --threads N        worker threads (default 0: one per processor); the\n"
    "                         output is the same for every N\n"
    "\n"
    "Groups:\n"
    "      --keep LIST        canonical policy, ranked keys: first, earliest, latest,\n"
    "                         longest, shortest, source-rank:FILE (default\n"
    "                         earliest,longest); input order breaks the last tie\n";

int cli_read_inputs(const cli_run *r, nd_corpus *corpus, char *const *inputs, int n)
{
    static char dash[] = "-";
    static char *const stdin_only[] = {dash};
    int status = ND_EXIT_OK;
    if (n == 0) {
        inputs = stdin_only;
        n = 1;
    }
    for (int i = 0; i < n; i++) {
        int err = nd_corpus_read(corpus, inputs[i], &r->ro);
        if (err == ND_OK)
            continue;
        cli_error("%s", nd_corpus_errmsg(corpus));
        if (err == ND_ENOMEM)
            return ND_EXIT_IO;
        if (r->ro.stop_on_error)
            return ND_EXIT_BAD_INPUT;
        status = ND_EXIT_SKIPPED; /* an unreadable or damaged input: go on */
    }
    if (nd_corpus_skipped(corpus) > 0)
        status = ND_EXIT_SKIPPED;
    return status;
}

int cli_read_all(const cli_run *r, nd_corpus **out)
{
    double t0 = cli_now();
    int err = nd_corpus_new(out, &r->opts);
    if (err < 0) {
        cli_error("cannot start: %s", nd_strerror(err));
        return err == ND_ENOMEM ? ND_EXIT_IO : ND_EXIT_USAGE;
    }
    int status = cli_read_inputs(r, *out, r->inputs, r->n_inputs);
    if (status == ND_EXIT_IO || status == ND_EXIT_BAD_INPUT)
        return status;
    double t1 = cli_now();
    if (nd_corpus_run(*out) < 0) {
        cli_error("%s", nd_corpus_errmsg(*out));
        return ND_EXIT_IO;
    }
    if (r->stats)
        cli_print_stats(*out, t1 - t0, cli_now() - t0);
    return status;
}

void cli_summary(const nd_corpus *corpus)
{
    size_t n = nd_corpus_count(corpus), groups = 0, dups = 0;
    for (size_t g = 0; g < nd_corpus_group_count(corpus); g++) {
        const size_t *m;
        size_t size;
        if (nd_corpus_group(corpus, g, &m, &size) == ND_OK && size > 1) {
            groups++;
            dups += size - 1;
        }
    }
    fprintf(stderr, "neardup: %zu articles, %zu groups of 2 or more, %zu duplicates", n, groups,
            dups);
    if (nd_corpus_skipped(corpus))
        fprintf(stderr, "; %zu bad records skipped", nd_corpus_skipped(corpus));
    fputc('\n', stderr);
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One line per stage: seconds, MB/s and articles/s of the text. */
void cli_print_stats(const nd_corpus *c, double read_s, double total_s)
{
    nd_stats st;
    nd_corpus_stats(c, &st);
    double mb = (double)st.text_bytes / 1e6;
    struct {
        const char *name;
        double s;
        uint64_t peak_kb;
    } rows[] = {{"read", read_s, st.peak_tokenize_kb},
                {" tokenize", st.tokenize_s, 0},
                {"mask", st.mask_s, st.peak_mask_kb},
                {"sign", st.sign_s, st.peak_sign_kb},
                {"candidates", st.candidates_s, st.peak_candidates_kb},
                {"verify", st.verify_s, 0},
                {"group", st.group_s, st.peak_group_kb},
                {"total", total_s, st.peak_group_kb}};
    fprintf(stderr, "neardup: %llu articles, %.1f MB of text, %u threads, %llu candidate pairs\n",
            (unsigned long long)st.articles, mb, st.threads,
            (unsigned long long)st.candidate_pairs);
    fprintf(stderr, "neardup: %-11s %9s %10s %12s %13s\n", "stage", "seconds", "MB/s",
            "articles/s", "peak RSS MiB");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fprintf(stderr, "neardup: %-11s %9.3f %10.1f %12.0f", rows[i].name, rows[i].s,
                rows[i].s > 0 ? mb / rows[i].s : 0.0,
                rows[i].s > 0 ? (double)st.articles / rows[i].s : 0.0);
        if (rows[i].peak_kb)
            fprintf(stderr, " %13.1f", (double)rows[i].peak_kb / 1024.0);
        fputc('\n', stderr);
    }
    fprintf(stderr, "neardup: (tokenize: the worker threads parse JSON lines, check and "
                    "tokenize them while reading goes on; its seconds are part of read's)\n");
}
