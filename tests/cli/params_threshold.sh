# the banding for a stricter threshold
$NEARDUP params -t 0.8
