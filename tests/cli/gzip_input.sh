# gzip input, from a file or from standard input, gives the same bytes as
# the plain file
gzip -c tests/data/wire.jsonl >"$TMP/wire.jsonl.gz" || exit 1
gzip -c tests/data/wire.jsonl >"$TMP/wire-feed" || exit 1
$NEARDUP cluster -q --groups "$TMP/plain.groups" tests/data/wire.jsonl >"$TMP/plain.out" || exit 1
$NEARDUP cluster -q --groups "$TMP/gz.groups" "$TMP/wire.jsonl.gz" >"$TMP/gz.out" || exit 1
$NEARDUP cluster -q "$TMP/wire-feed" >"$TMP/noext.out" || exit 1
$NEARDUP cluster -q <"$TMP/wire.jsonl.gz" >"$TMP/stdin.out" || exit 1
$NEARDUP dedup -q tests/data/wire.jsonl >"$TMP/plain.dedup" || exit 1
$NEARDUP dedup -q "$TMP/wire.jsonl.gz" >"$TMP/gz.dedup" || exit 1
cmp "$TMP/plain.out" "$TMP/gz.out" || exit 1
cmp "$TMP/plain.groups" "$TMP/gz.groups" || exit 1
cmp "$TMP/plain.out" "$TMP/noext.out" || exit 1
cmp "$TMP/plain.out" "$TMP/stdin.out" || exit 1
cmp "$TMP/plain.dedup" "$TMP/gz.dedup" || exit 1
echo "gzip output equals plain output ($(wc -l <"$TMP/plain.out" | tr -d ' ') articles)"
