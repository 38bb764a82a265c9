# an unknown command is a usage error (exit 2)
$NEARDUP frobnicate tests/data/wire.jsonl
