# --groups writes one line per group of two or more to its own file; the
# per-article lines go to -o
$NEARDUP cluster -q -o "$TMP/articles.jsonl" --groups "$TMP/groups.jsonl" \
    tests/data/wire.jsonl tests/data/extra.jsonl || exit 1
cat "$TMP/groups.jsonl"
echo "articles: $(wc -l <"$TMP/articles.jsonl" | tr -d ' ')"
