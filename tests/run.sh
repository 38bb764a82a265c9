#!/bin/sh
# Run every unit test binary and every CLI case; end with one line
# "N passed, N failed" (each cmocka test and each CLI case counts once).
#
# A CLI case is tests/cli/NAME.sh, run from the repository root with
# $NEARDUP set to the program and $TMP to a fresh folder. Its standard
# output and error are compared byte for byte with NAME.stdout and
# NAME.stderr when those files exist, and its exit status with NAME.exit
# (default 0). NEARDUP_GOLDEN=write rewrites those files instead.
# With several build folders (make check: the plain and the sanitizer
# build) every test runs in each, and the closing line counts them all.
[ $# -gt 0 ] || set -- build
passed=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for BUILD in "$@"; do
NEARDUP=$(pwd)/$BUILD/neardup
export NEARDUP
echo "== $BUILD"

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or aborted (a sanitizer report) before its summary
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        printf '%s\n' "$out"
        echo "FAIL $t"
    else
        echo "ok   $t ($p)"
    fi
done

for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    name=${s%.sh}
    TMP="$scratch/$(basename "$BUILD")-$(basename "$name")"
    mkdir -p "$TMP"
    export TMP
    sh "$s" >"$TMP/.stdout" 2>"$TMP/.stderr"
    rc=$?
    if [ "${NEARDUP_GOLDEN:-}" = write ] && [ "$BUILD" = "$1" ]; then
        cp "$TMP/.stdout" "$name.stdout"
        cp "$TMP/.stderr" "$name.stderr"
        [ "$rc" -ne 0 ] && echo "$rc" >"$name.exit" || rm -f "$name.exit"
    fi
    want=0
    [ -f "$name.exit" ] && want=$(cat "$name.exit")
    why=""
    [ "$rc" -eq "$want" ] || why="exit $rc, expected $want"
    if [ -f "$name.stdout" ] && ! cmp -s "$TMP/.stdout" "$name.stdout"; then
        why="$why stdout differs"
        diff "$name.stdout" "$TMP/.stdout" | head -n 20
    fi
    if [ -f "$name.stderr" ] && ! cmp -s "$TMP/.stderr" "$name.stderr"; then
        why="$why stderr differs"
        diff "$name.stderr" "$TMP/.stderr" | head -n 20
    fi
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok   $s"
    else
        failed=$((failed + 1))
        echo "FAIL $s: $why"
    fi
done

done # build folders

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
