# Outputs that are not regular files (/dev/null, /dev/stderr) are written in
# place, never replaced by renaming a temporary file over them.
"$NEARDUP" cluster -q -o /dev/null --groups /dev/null fixtures/news/articles.jsonl || exit 1
test -c /dev/null || { echo "/dev/null is no longer a device"; exit 1; }
"$NEARDUP" cluster -q --boilerplate report --report /dev/stdout -o /dev/null \
    fixtures/news/articles.jsonl | head -n 2
test -c /dev/null && echo "/dev/null is still a device"
