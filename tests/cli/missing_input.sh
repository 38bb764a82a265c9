# an input that cannot be opened is reported (exit 1); the others are
# still read and written
$NEARDUP cluster tests/data/wire.jsonl tests/data/no-such-feed.jsonl tests/data/extra.jsonl
