# the same input gives the same bytes, run after run
for i in 1 2; do
    $NEARDUP cluster -q -o "$TMP/out$i.jsonl" --groups "$TMP/groups$i.jsonl" \
        tests/data/wire.jsonl tests/data/extra.jsonl || exit 1
    $NEARDUP dedup -q -o "$TMP/dedup$i.jsonl" tests/data/extra.jsonl tests/data/wire.jsonl ||
        exit 1
done
cmp "$TMP/out1.jsonl" "$TMP/out2.jsonl" || exit 1
cmp "$TMP/groups1.jsonl" "$TMP/groups2.jsonl" || exit 1
cmp "$TMP/dedup1.jsonl" "$TMP/dedup2.jsonl" || exit 1
echo "identical"
