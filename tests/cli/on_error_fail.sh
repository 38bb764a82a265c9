# --on-error=fail stops at the first bad record with exit 4 and writes
# nothing: no output file, no temporary file left beside it
$NEARDUP cluster --on-error=fail -q -o "$TMP/out.jsonl" tests/data/broken.jsonl
rc=$?
if test ! -e "$TMP/out.jsonl"; then
    echo "no output file"
else
    echo "output file was created"
fi
echo "files left: $(ls "$TMP" | wc -l | tr -d ' ')"
exit $rc
