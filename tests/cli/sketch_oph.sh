# One-permutation hashing (--sketch oph): the same bytes for any thread
# count, groups as good as the truth allows on a generated corpus with
# every variant kind, and an unknown sketch is a usage error.
GEN=$(dirname "$NEARDUP")/tools/gencorpus
"$GEN" --articles 3000 --seed 11 --out "$TMP/c.jsonl" --truth "$TMP/t.jsonl" || exit 1
for j in 1 3; do
    "$NEARDUP" cluster -q -j $j --sketch oph -o "$TMP/a$j.jsonl" "$TMP/c.jsonl" || exit 1
done
cmp "$TMP/a1.jsonl" "$TMP/a3.jsonl" || exit 1
"$NEARDUP" eval --json --truth "$TMP/t.jsonl" "$TMP/a1.jsonl" >"$TMP/e.json" || exit 1
f1=$(sed -n 's/.*"f1":\([0-9.]*\).*/\1/p' "$TMP/e.json")
awk -v f="$f1" 'BEGIN { exit !(f >= 0.99) }' || { echo "F1 $f1 below 0.99"; exit 1; }
echo "oph: identical for 1 and 3 threads, F1 at least 0.99"
"$NEARDUP" cluster -q --sketch random "$TMP/c.jsonl" >/dev/null 2>"$TMP/err"
rc=$?
cat "$TMP/err"
exit $rc
