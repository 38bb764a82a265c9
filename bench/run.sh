#!/bin/sh
# bench/run.sh BUILD_DIR - measure speed, memory and quality of
# `neardup cluster` on synthetic corpora (tools/gencorpus.c), and write the
# results into docs/benchmarks.md between the markers
#   <!-- bench:begin --> and <!-- bench:end -->
# keeping the rest of the file. `make bench` builds `all tools` and calls it.
#
# Environment:
#   BENCH_SIZES  articles per corpus, space-separated (default "10000")
#   BENCH_SEED   gencorpus seed (default 1)
#   BENCH_KEEP   1 = keep the generated corpora in bench/out/ (default: the
#                corpora are deleted after use, 1M articles take 4.6 GB; the
#                truth and prediction files stay)
#   BENCH_DOC    the file to update (default docs/benchmarks.md)
#   BENCH_FLAGS  more options for the timed `neardup cluster`, e.g.
#                "--sketch oph" (default none)
#   BENCH_RUNS   timed runs per corpus, in rounds of one run of each size
#                (default 3); the row shows the run of
#                median wall time and the largest peak RSS of all. A single
#                run of 1M varied from 28 to 37 s on the 2-core VM, which is
#                more than the growth from 100k to 1M may differ by
set -eu

BUILD=${1:-build}
SIZES=${BENCH_SIZES:-10000}
SEED=${BENCH_SEED:-1}
KEEP=${BENCH_KEEP:-0}
DOC=${BENCH_DOC:-docs/benchmarks.md}
FLAGS=${BENCH_FLAGS:-}
RUNS=${BENCH_RUNS:-3}
NEARDUP=$BUILD/neardup
GEN=$BUILD/tools/gencorpus
OUT=bench/out

for f in "$NEARDUP" "$GEN"; do
    if [ ! -x "$f" ]; then
        echo "bench: $f is missing; run 'make BUILD=$BUILD all tools' first" >&2
        exit 2
    fi
done
for n in $SIZES; do
    case $n in
    '' | *[!0-9]*)
        echo "bench: BENCH_SIZES must hold whole numbers, not '$n'" >&2
        exit 2
        ;;
    esac
done
case $RUNS in
'' | *[!0-9]*) RUNS=bad ;;
esac
if [ "$RUNS" = bad ] || [ "$RUNS" -lt 1 ]; then
    echo "bench: BENCH_RUNS must be a whole number of 1 or more, not '${BENCH_RUNS:-}'" >&2
    exit 2
fi
mkdir -p "$OUT"

# Peak memory needs GNU time; without it only the wall time is measured.
TIMER=none
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    TIMER=gnu
fi

# Seconds since the epoch, with a fraction when date(1) can give one.
now() {
    t=$(date +%s.%N 2>/dev/null || true)
    case $t in
    *N* | '') date +%s ;;
    *) echo "$t" ;;
    esac
}

rows=$OUT/rows.md
kinds=$OUT/kinds.txt
: >"$rows"
: >"$kinds"

# Every corpus is made first; then the timed runs go in rounds, one run of
# each size a round, so that each size meets the machine in the same
# states: on this virtual machine a run can take 15% more or less from one
# minute to the next, and sizes timed one after the other in blocks
# measured that drift as much as the growth from one size to the next.
for n in $SIZES; do
    echo "bench: $n articles: generating" >&2
    "$GEN" --articles "$n" --seed "$SEED" --out "$OUT/corpus-$n.jsonl" \
        --truth "$OUT/truth-$n.jsonl"
    : >"$OUT/runs-$n.txt"
done
# the corpora's pages go to disk now, not while neardup is timed (4.7 GB
# at a million articles: writing them back slowed reading by seconds)
sync

# one timed run: appends "wall-seconds peak-RSS-kB-or-n/a round" to
# runs-N.txt and keeps --stats in time-N-ROUND.txt
timed_run() {
    corpus=$OUT/corpus-$1.jsonl
    pred=$OUT/pred-$1.jsonl
    log=$OUT/time-$1-$2.txt
    if [ "$TIMER" = gnu ]; then
        /usr/bin/time -v "$NEARDUP" cluster -q --stats $FLAGS -o "$pred" "$corpus" 2>"$log" || {
            cat "$log" >&2
            echo "bench: neardup cluster failed on $corpus" >&2
            exit 1
        }
        # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.31"
        w=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log" |
            awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    else
        t0=$(now)
        "$NEARDUP" cluster -q --stats $FLAGS -o "$pred" "$corpus" 2>"$log" || {
            cat "$log" >&2
            echo "bench: neardup cluster failed on $corpus" >&2
            exit 1
        }
        t1=$(now)
        w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
        kb=n/a
    fi
    echo "$w $kb $2" >>"$OUT/runs-$1.txt"
}

runs=$RUNS
i=1
while [ "$i" -le "$runs" ]; do
    for n in $SIZES; do
        echo "bench: round $i of $runs: $n articles" >&2
        timed_run "$n" "$i"
    done
    i=$((i + 1))
done

for n in $SIZES; do
    corpus=$OUT/corpus-$n.jsonl
    truth=$OUT/truth-$n.jsonl
    pred=$OUT/pred-$n.jsonl
    bytes=$(wc -c <"$corpus" | tr -d ' ')
    # the median run by wall time; memory: the most any run took
    median=$(sort -n "$OUT/runs-$n.txt" | awk -v m=$(((runs + 1) / 2)) 'NR == m')
    wall=${median%% *}
    cp "$OUT/time-$n-${median##* }.txt" "$OUT/time-$n.txt"
    rss_kb=$(awk '$2 != "n/a" && $2 > m { m = $2 } END { if (m != "") print m }' "$OUT/runs-$n.txt")

    "$NEARDUP" eval --json --truth "$truth" "$pred" >"$OUT/eval-$n.json"
    # one flat JSON object of numbers: pick a field by name
    field() {
        sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" "$OUT/eval-$n.json"
    }
    p=$(field precision)
    r=$(field recall)
    f1=$(field f1)
    ari=$(field ari)

    row=$(awk -v n="$n" -v b="$bytes" -v w="$wall" -v kb="$rss_kb" -v p="$p" -v r="$r" \
        -v f="$f1" -v a="$ari" 'BEGIN {
        mb = b / 1e6
        if (w <= 0) w = 0.01
        rss = kb == "" ? "n/a" : sprintf("%.0f", kb * 1024 / 1e6)
        printf "| %d | %.1f | %.2f | %.1f | %.0f | %s | %.4f | %.4f | %.4f | %.4f |\n",
            n, mb, w, mb / w, n / w, rss, p, r, f, a
    }')
    echo "$row" >>"$rows"
    echo "$row"

    # Per kind of variant: the share put in the same group as the story's
    # original; for same_topic write-ups, the share wrongly merged with the
    # story they imitate. The truth is gencorpus's own fixed format.
    awk -v size="$n" '
    FNR == NR {
        if (match($0, /"id":"[^"]*"/)) id = substr($0, RSTART + 6, RLENGTH - 7)
        if (match($0, /"group":[0-9]+/)) pg[id] = substr($0, RSTART + 8, RLENGTH - 8)
        next
    }
    {
        match($0, /"id":"[^"]*"/); id = substr($0, RSTART + 6, RLENGTH - 7)
        match($0, /"group":[0-9]+/); g = substr($0, RSTART + 8, RLENGTH - 8)
        match($0, /"kind":"[^"]*"/); k = substr($0, RSTART + 8, RLENGTH - 9)
        if (k == "original") { orig[g] = (id in pg) ? pg[id] : "none"; next }
        total[k]++
        if (k == "same_topic") {
            match($0, /"topic_of":[0-9]+/); g = substr($0, RSTART + 11, RLENGTH - 11)
        }
        if ((id in pg) && (g in orig) && pg[id] == orig[g]) hit[k]++
    }
    END { for (k in total) printf "%s %s %d %d\n", size, k, total[k], hit[k] + 0 }
    ' "$pred" "$truth" >>"$kinds"

    if [ "$KEEP" != 1 ]; then
        rm -f "$corpus"
    fi
done

# Growth from each size to the next: the ratio of their runs in each round
# (taken minutes apart at most), their median, and the ratio of the medians.
growth=$OUT/growth.txt
: >"$growth"
prev=
for n in $SIZES; do
    if [ -n "$prev" ]; then
        paste -d ' ' "$OUT/runs-$prev.txt" "$OUT/runs-$n.txt" | awk -v a="$prev" -v b="$n" '
        { r[NR] = $4 / ($1 > 0 ? $1 : 0.01); x[NR] = $1; y[NR] = $4 }
        END {
            line = sprintf("%s -> %s articles, each round:", a, b)
            for (i = 1; i <= NR; i++)
                line = line sprintf("%s %.2f s -> %.2f s (%.1fx)", (i > 1 ? "," : ""), x[i], y[i], r[i])
            # medians by insertion sort (a handful of rounds)
            for (i = 2; i <= NR; i++) {
                v = r[i]; j = i - 1
                while (j >= 1 && r[j] > v) { r[j + 1] = r[j]; j-- }
                r[j + 1] = v
            }
            m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
            printf "%s; median of the rounds %.1fx.\n", line, m
        }' >>"$growth"
    fi
    prev=$n
done

# ---------------------------------------------------------------------------
# The results section

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null || true)
if [ "$commit" != unknown ] && [ -n "$dirty" ]; then
    commit="$commit (with uncommitted changes)"
fi
when=$(date -u +%Y-%m-%dT%H:%MZ)
timer_note="peak RSS from /usr/bin/time -v"
[ "$TIMER" = gnu ] || timer_note="peak RSS n/a: /usr/bin/time (GNU time) is not installed"

section=$OUT/section.md
{
    echo "<!-- bench:begin -->"
    os=$(uname -srm 2>/dev/null || echo unknown)
    echo "Measured $when on $os, $(nproc 2>/dev/null || echo '?') CPUs"
    echo "(${cpu:-unknown CPU}), commit $commit; $timer_note."
    echo
    make_cmd="make bench"
    [ "$BUILD" = build ] || make_cmd="make BUILD=$BUILD bench"
    runs_env=
    [ "$RUNS" = 3 ] || runs_env=" BENCH_RUNS=$RUNS"
    echo "Command: \`BENCH_SIZES=\"$SIZES\"${FLAGS:+ BENCH_FLAGS=\"$FLAGS\"}$runs_env $make_cmd\`, which runs for each size N"
    echo
    echo '```'
    echo "$GEN --articles N --seed $SEED --out $OUT/corpus-N.jsonl --truth $OUT/truth-N.jsonl"
    echo "$NEARDUP cluster -q --stats${FLAGS:+ $FLAGS} -o $OUT/pred-N.jsonl $OUT/corpus-N.jsonl   # timed"
    echo "$NEARDUP eval --json --truth $OUT/truth-N.jsonl $OUT/pred-N.jsonl"
    echo '```'
    echo
    echo "The timed command runs $RUNS times (BENCH_RUNS) on each corpus, in rounds of"
    echo "one run of each size, and the row shows the run of median wall time, with"
    echo "the largest peak RSS of them all. Every run's wall time, round by round:"
    for n in $SIZES; do
        echo "$n: $(awk '{ printf "%s%s s", (NR > 1 ? ", " : ""), $1 }' "$OUT/runs-$n.txt")."
    done | sed 's/^/- /'
    if [ -s "$growth" ]; then
        echo
        echo "Growth of the wall time from one size to the next, run against run"
        echo "within each round:"
        sed 's/^/- /' "$growth"
    fi
    echo
    echo "| articles | MB | wall s | MB/s | docs/s | peak RSS MB | precision | recall | F1 | ARI |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$rows"
    echo
    echo "Per stage, from \`--stats\` (seconds, MB/s of text, articles/s, peak RSS in MiB at the"
    echo "end of the stage; tokenize, the worker threads parsing, checking and tokenizing"
    echo "the lines while reading goes on, is part of read's seconds; sign covers the"
    echo "sets, joining exact copies, and the signatures of one article per set of"
    echo "copies; candidates, LSH and the passage index):"
    echo
    for n in $SIZES; do
        echo "N = $n:"
        echo
        echo '```'
        sed -n 's/^neardup: //p' "$OUT/time-$n.txt"
        echo '```'
        echo
    done
    echo "Variants found in the group of their story's original, by kind"
    echo "(same_topic: write-ups wrongly merged with the story they imitate; lower is better):"
    echo
    awk -v sizes="$SIZES" '
    BEGIN {
        ns = split(sizes, sz, " ")
        nk = split("republish new_headline light_edit heavy_edit trimmed local_intro " \
                   "shared_lead corrected_numbers same_topic", kind, " ")
    }
    { total[$1 " " $2] = $3; hit[$1 " " $2] = $4 }
    END {
        line = "| kind |"; rule = "|---|"
        for (i = 1; i <= ns; i++) { line = line " N = " sz[i] " |"; rule = rule "---:|" }
        print line; print rule
        for (j = 1; j <= nk; j++) {
            line = "| " kind[j] " |"
            for (i = 1; i <= ns; i++) {
                key = sz[i] " " kind[j]
                if (total[key] > 0)
                    line = line sprintf(" %.1f%% of %d |", 100 * hit[key] / total[key], total[key])
                else
                    line = line " - |"
            }
            print line
        }
    }' "$kinds"
    echo "<!-- bench:end -->"
} >"$section"

if [ -f "$DOC" ] && grep -q '<!-- bench:begin -->' "$DOC" &&
    grep -q '<!-- bench:end -->' "$DOC"; then
    awk -v section="$section" '
    /<!-- bench:begin -->/ { while ((getline l < section) > 0) print l; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0; next }
    !skip { print }
    ' "$DOC" >"$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
else
    mkdir -p "$(dirname "$DOC")"
    {
        [ -f "$DOC" ] && cat "$DOC" && echo
        [ -f "$DOC" ] || printf '# Benchmarks\n\n## Results\n\n'
        cat "$section"
    } >"$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
fi
echo "bench: results written to $DOC" >&2
