# a threshold that is not a number is a usage error (exit 2)
$NEARDUP cluster -t half tests/data/wire.jsonl
