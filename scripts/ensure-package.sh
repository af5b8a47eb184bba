#!/bin/sh
# Make sure a Debian package the build or the tests need is installed:
#   sh scripts/ensure-package.sh chromium            (the browser tests: /usr/bin/chromium)
#   sh scripts/ensure-package.sh libpangoft2-1.0-0   (WeasyPrint, the PDF export: Pango)
# Installs it with apt-get when running as root; otherwise stops with the command to run.
# Nothing is ever downloaded from elsewhere (Playwright drives Debian's Chromium).
set -eu
PACKAGE=$1
installed() { dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "ok installed"; }
if installed; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's $PACKAGE (apt-get install -y $PACKAGE) …"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$PACKAGE" >/dev/null; }
  installed && exit 0
fi
echo "The Debian package $PACKAGE is missing – install it: sudo apt-get install -y $PACKAGE" >&2
exit 1
