#!/bin/sh
# docs_examples.sh - run every command of README.md's worked example and of
# the EXAMPLES section of docs/neardup.1, in the order they appear there,
# and check the exit status each is documented with.
#
# The commands are copied from the docs with two changes: $NEARDUP stands
# for `neardup`, and files the examples create (assignments.jsonl,
# kept.jsonl, ...) go to $TMP instead of the current folder. Paths into
# fixtures/ are relative to the repository root, where tests/run.sh runs
# this script.
#
# One line per example goes to standard output:
#   NAME: exit S, N lines[, stderr: LAST LINE OF STDERR]
#     > FIRST 72 CHARACTERS OF STANDARD OUTPUT (when there is any)
# so the golden docs_examples.stdout records the exit status, the size and
# start of the output, and the summary line the docs show. When the output
# changes, update the docs first, then the golden file (tests/run.sh
# explains NEARDUP_GOLDEN=write).

failures=0
LC_ALL=C # the messages of ls and wc, the same everywhere
export LC_ALL

# ex NAME WANT_STATUS COMMAND: run COMMAND with sh -c, its standard output
# and error captured in $TMP, print the report, and count a failure when
# the exit status is not WANT_STATUS.
ex() {
    name=$1
    want=$2
    shift 2
    sh -c "$*" >"$TMP/ex.out" 2>"$TMP/ex.err"
    rc=$?
    lines=$(wc -l <"$TMP/ex.out" | tr -d ' ')
    last=$(tail -n 1 "$TMP/ex.err")
    line="$name: exit $rc, $lines lines"
    [ -n "$last" ] && line="$line, stderr: $last"
    if [ "$rc" -ne "$want" ]; then
        line="$line (documented exit $want)"
        failures=$((failures + 1))
    fi
    printf '%s\n' "$line"
    if [ -s "$TMP/ex.out" ]; then
        printf '  > %s\n' "$(head -n 1 "$TMP/ex.out" | cut -c 1-72)"
    fi
}

N=$NEARDUP
export N TMP

# ---- README.md, "Worked example" ---------------------------------------
ex readme-cluster 0 '"$N" cluster fixtures/news/articles.jsonl'
ex readme-groups 0 '"$N" cluster -q -o "$TMP/assignments.jsonl" --groups - fixtures/news/articles.jsonl'
ex readme-dedup 0 '"$N" dedup -o "$TMP/kept.jsonl" fixtures/news/articles.jsonl'
ex readme-dedup-count 0 'wc -l < "$TMP/kept.jsonl"'
ex readme-explain-same 0 '"$N" explain nordwind-01 nordwind-03 fixtures/news/articles.jsonl'
ex readme-explain-apart 0 '"$N" explain nordwind-01 nordwind-05 fixtures/news/articles.jsonl'
ex readme-params 0 '"$N" params'
ex readme-eval 0 '"$N" cluster -q fixtures/news/articles.jsonl | "$N" eval --truth fixtures/news/truth.jsonl'

# ---- docs/neardup.1, EXAMPLES -------------------------------------------
ex man-cluster 0 '"$N" cluster fixtures/news/articles.jsonl > "$TMP/assignments.jsonl"'
ex man-groups 0 '"$N" cluster -q -o "$TMP/assignments.jsonl" --groups - fixtures/news/articles.jsonl'
ex man-dedup 0 '"$N" dedup -o "$TMP/kept.jsonl" fixtures/news/articles.jsonl'
ex man-explain-ids 0 '"$N" explain nordwind-01 nordwind-05 fixtures/news/articles.jsonl'
ex man-explain-files 0 '"$N" explain fixtures/textdir/school-meals.txt fixtures/textdir/2026-03/school-meals-edited.txt'
ex man-folder 0 '"$N" cluster -q -o "$TMP/assignments.jsonl" --groups - fixtures/textdir'
ex man-gzip-stdin 0 'gzip -c fixtures/news/articles.jsonl | "$N" cluster -q > "$TMP/assignments.jsonl"'
ex man-eval 0 '"$N" cluster -q fixtures/news/articles.jsonl | "$N" eval --truth fixtures/news/truth.jsonl'
ex man-boilerplate 0 '"$N" cluster -q --boilerplate report --report "$TMP/boilerplate.jsonl" -o "$TMP/assignments.jsonl" fixtures/news/articles.jsonl'
ex man-boilerplate-head 0 'head -n 3 "$TMP/boilerplate.jsonl"'
ex man-ranks-file 0 'printf "metrobrief.example\ncoastalledger.example\n" > "$TMP/ranks.txt"'
ex man-source-rank 0 '"$N" cluster -q --keep source-rank:"$TMP/ranks.txt",earliest -o "$TMP/assignments.jsonl" --groups - fixtures/news/articles.jsonl'
ex man-params 0 '"$N" params -t 0.8'
ex man-bad-skip 1 '"$N" cluster -o "$TMP/assignments.jsonl" fixtures/bad/mixed.jsonl'
ex man-bad-fail 4 '"$N" cluster --on-error fail -o "$TMP/strict.jsonl" fixtures/bad/mixed.jsonl'
ex man-bad-fail-ls 2 'cd "$TMP" && ls strict.jsonl'

[ "$failures" -eq 0 ]
