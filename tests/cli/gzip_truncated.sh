# a truncated gzip input: the complete records before the damage are still
# written, the damage is reported with the file's name, and the exit
# status is 1 (the line number depends on gzip's output, so it is masked)
root=$(pwd)
gzip -n -c tests/data/wire.jsonl >"$TMP/full.gz" || exit 1
size=$(wc -c <"$TMP/full.gz")
head -c $((size * 6 / 10)) "$TMP/full.gz" >"$TMP/cut.jsonl.gz"
cd "$TMP" || exit 1
$NEARDUP cluster -q -o out.jsonl cut.jsonl.gz 2>err.txt
rc=$?
sed 's/^\(neardup: cut\.jsonl\.gz:\)[0-9][0-9]*:/\1LINE:/' err.txt
n=$(wc -l <out.jsonl | tr -d ' ')
$NEARDUP cluster -q "$root/tests/data/wire.jsonl" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p' |
    head -n "$n" >want.ids
sed -n 's/^{"id":"\([^"]*\)".*/\1/p' out.jsonl >got.ids
if [ "$n" -gt 0 ] && [ "$n" -lt 7 ] && cmp -s want.ids got.ids; then
    echo "the records before the damage were kept"
else
    echo "kept $n records:"
    cat got.ids
fi
exit $rc
