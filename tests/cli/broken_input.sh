# bad records are reported as "neardup: FILE:LINE: reason" and skipped; the
# good ones are still written, and the exit status is 1
$NEARDUP cluster tests/data/broken.jsonl
