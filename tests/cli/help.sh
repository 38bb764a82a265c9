# the program's usage on standard output, exit 0
$NEARDUP --help
