# the version line
$NEARDUP version
