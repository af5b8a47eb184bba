#!/bin/sh
# A Debian package the build or tests need (`make chromium`, `make pango`): installed with
# apt-get when root, else a stop with the command to run. Never a download from elsewhere.
set -eu
PACKAGE=$1
installed() { dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "ok installed"; }
installed && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $PACKAGE (apt-get install -y $PACKAGE) …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null; }
  installed && exit 0
fi
echo "The Debian package $PACKAGE is missing – install it: sudo apt-get install -y $PACKAGE" >&2
exit 1
