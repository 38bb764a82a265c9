# The fuzz corpora (tests/fuzz/corpus/NAME: seeds and every crash the
# fuzzers found) through the replay drivers make tests builds next to the
# program, $(BUILD)/fuzz/replay_NAME: in the sanitizer build a memory error
# fails the case. Each driver must replay every file of its corpus.
dir=$(dirname "$NEARDUP")/fuzz
status=0
for c in tests/fuzz/corpus/*/; do
    name=$(basename "$c")
    bin=$dir/replay_$name
    if [ ! -x "$bin" ]; then
        echo "missing $bin"
        status=1
        continue
    fi
    want=$(find "$c" -type f ! -name '.*' | wc -l | tr -d ' ')
    out=$("$bin" "$c" 2>"$TMP/$name.err")
    rc=$?
    if [ "$rc" -ne 0 ]; then
        tail -n 40 "$TMP/$name.err"
        echo "replay_$name: exit $rc"
        status=1
    elif [ "$out" != "replayed $want inputs" ]; then
        echo "replay_$name: $out, expected $want"
        status=1
    else
        echo "replay_$name: $out"
    fi
done
exit $status
