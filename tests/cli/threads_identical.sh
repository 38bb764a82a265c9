# Output is byte-identical for 1, 2 and 5 worker threads on a generated
# corpus of 3000 articles (every variant kind, per-site boilerplate).
GEN=$(dirname "$NEARDUP")/tools/gencorpus
"$GEN" --articles 3000 --seed 7 --out "$TMP/c.jsonl" --truth "$TMP/t.jsonl" || exit 1
for j in 1 2 5; do
    "$NEARDUP" cluster -q -j $j --groups "$TMP/g$j.jsonl" -o "$TMP/a$j.jsonl" "$TMP/c.jsonl" || exit 1
done
cmp "$TMP/a1.jsonl" "$TMP/a2.jsonl" && cmp "$TMP/a1.jsonl" "$TMP/a5.jsonl" &&
    cmp "$TMP/g1.jsonl" "$TMP/g2.jsonl" && cmp "$TMP/g1.jsonl" "$TMP/g5.jsonl" || exit 1
echo "identical for 1, 2 and 5 threads: $(wc -l <"$TMP/a1.jsonl") articles"
