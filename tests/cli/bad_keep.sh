# an unknown --keep key is a usage error (exit 2)
$NEARDUP cluster --keep earliest,newest tests/data/wire.jsonl
