# a threshold outside (0, 1] is a usage error (exit 2)
$NEARDUP cluster --threshold 1.5 tests/data/wire.jsonl
