# dedup writes the input lines of the canonical articles, byte for byte and
# in input order: the earliest of each group and every singleton
$NEARDUP dedup -q tests/data/wire.jsonl >"$TMP/kept.jsonl" || exit 1
grep -e '"id": "ferry-02"' -e '"id": "library-01"' -e '"id": "market-01"' \
    -e '"id": "tram-01"' tests/data/wire.jsonl >"$TMP/want.jsonl"
cmp "$TMP/kept.jsonl" "$TMP/want.jsonl" || exit 1
sed -n 's/^{"id": "\([^"]*\)".*/\1/p' "$TMP/kept.jsonl"
