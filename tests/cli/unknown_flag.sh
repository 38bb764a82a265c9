# an unknown option is a usage error (exit 2), reported as neardup's with a
# pointer to the command's help
$NEARDUP cluster --bogus tests/data/wire.jsonl
