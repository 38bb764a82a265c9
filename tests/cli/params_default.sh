# the banding for the default threshold
$NEARDUP params
