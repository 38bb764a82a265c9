# with no input, standard input is read; the result is the same as for the
# file itself
cat tests/data/wire.jsonl | $NEARDUP cluster -q >"$TMP/stdin.jsonl" || exit 1
$NEARDUP cluster -q tests/data/wire.jsonl >"$TMP/file.jsonl" || exit 1
cmp "$TMP/stdin.jsonl" "$TMP/file.jsonl" || exit 1
# "-" names standard input among other inputs; a record without an id is
# named after its line
cat tests/data/extra.jsonl | $NEARDUP cluster -q tests/data/wire.jsonl -
