# no command: the usage goes to standard error, exit 2
$NEARDUP
