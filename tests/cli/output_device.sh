# Outputs that are not regular files (/dev/null, and /dev/stdout, a link to
# whatever standard output is: here a file) are written in place, never
# replaced by renaming a temporary file over them.
"$NEARDUP" cluster -q -o /dev/null --groups /dev/null fixtures/news/articles.jsonl || exit 1
test -c /dev/null || { echo "/dev/null is no longer a device"; exit 1; }
"$NEARDUP" cluster -q --boilerplate report --report /dev/stdout -o /dev/null \
    fixtures/news/articles.jsonl >"$TMP/report" || { echo "report to /dev/stdout failed"; exit 1; }
head -n 2 "$TMP/report"
test -c /dev/null && echo "/dev/null is still a device"
test -L /dev/stdout && echo "/dev/stdout is still a link"
