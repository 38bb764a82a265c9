# --stats: a line per stage on stderr, peak memory in MiB, the output
# unchanged; the timings vary, so only the table's shape is checked
$NEARDUP cluster -q --stats -o "$TMP/out.jsonl" tests/data/wire.jsonl 2>"$TMP/stats.txt" || exit 1
$NEARDUP cluster -q -o "$TMP/plain.jsonl" tests/data/wire.jsonl || exit 1
cmp "$TMP/out.jsonl" "$TMP/plain.jsonl" || exit 1
grep -c 'peak RSS MiB$' "$TMP/stats.txt"
for stage in read tokenize mask sign candidates verify group total; do
    grep -E "^neardup: +$stage +[0-9]+\.[0-9]{3} " "$TMP/stats.txt" >/dev/null || echo "no $stage"
done
