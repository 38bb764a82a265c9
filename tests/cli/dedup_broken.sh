# dedup of a file with bad records: the good records come out byte for
# byte, the bad ones are reported on stderr (exit 1)
$NEARDUP dedup -o "$TMP/kept.jsonl" tests/data/broken.jsonl
rc=$?
grep -e '"id": "b-01"' -e '"id": "b-03"' -e '"id": "b-08"' tests/data/broken.jsonl \
    >"$TMP/want.jsonl"
cmp "$TMP/kept.jsonl" "$TMP/want.jsonl" && echo "kept records match the input"
exit $rc
