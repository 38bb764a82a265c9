#!/bin/sh
# Install the Debian packages neardup builds and tests with, if any is
# missing. Uses apt-get, through sudo when not run as root. Safe to re-run:
# when everything is present it only checks, and prints nothing.
set -eu

PKGS="gcc make pkg-config gzip valgrind libxxhash-dev libunistring-dev libcjson-dev zlib1g-dev libcmocka-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-deps: not root and no sudo; please install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is wanted
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
