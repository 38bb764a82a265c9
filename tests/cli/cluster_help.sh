# the cluster command's options on standard output, exit 0
$NEARDUP cluster --help
