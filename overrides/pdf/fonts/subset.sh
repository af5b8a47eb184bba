#!/bin/sh
# Remake the font files of this folder from Debian's fonts-noto-core (see README.md).
# Usage, from the repository's root:  sh overrides/pdf/fonts/subset.sh
# Needs .venv (make venv) for pyftsubset and fontTools, and apt-get (no root needed for
# `apt-get download`). Installs nothing on the system.
set -eu

PACKAGE=fonts-noto-core
VERSION=20201225-1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BIN="$ROOT/.venv/bin"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && apt-get download "$PACKAGE=$VERSION" && dpkg-deb -x "${PACKAGE}_${VERSION}_all.deb" x)
SRC="$WORK/x/usr/share/fonts/truetype/noto"

# Noto Sans: Latin (no IPA), combining marks, punctuation, currency, letterlike symbols,
# number forms; arrows and mathematical operators are asked for but Noto Sans 2.004 has none.
LATIN="U+0020-007E,U+00A0-00FF,U+0100-017F,U+0180-024F,U+02BB-02BC,U+02C6-02C7,U+02C9,U+02D8-02DD,U+0300-036F,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+25CC,U+FB00-FB06,U+FEFF,U+FFFC-FFFD"
# Fallbacks for what Noto Sans lacks. U+0020 and U+00A0 are needed: Pango keeps a space
# in the font of the text around it, so a fallback font without one draws .notdef boxes.
SYMBOLS2="U+0020,U+00A0,U+2713-2718,U+25A0-25A1,U+25AA-25AB,U+25B8,U+25BE,U+25CB,U+25CF,U+25E6,U+2610-2612"
MATH="U+0020,U+00A0,U+2190-2199,U+21D0-21D5,U+2212,U+221A,U+221E,U+2248,U+2260,U+2264-2265"

subset() { # source-file unicodes
    "$BIN/pyftsubset" "$SRC/$1" --unicodes="$2" --layout-features='*' --name-IDs='*' \
        --name-languages='*' --name-legacy --notdef-outline --hinting --output-file="$HERE/$1"
}
for face in Regular Italic Bold BoldItalic; do
    subset "NotoSans-$face.ttf" "$LATIN"
done
subset NotoSansSymbols2-Regular.ttf "$SYMBOLS2"
subset NotoSansMath-Regular.ttf "$MATH"

# The fallbacks get Noto Sans' vertical metrics (their own descend deeper, for glyphs
# that are not kept), so a line with ✓ or ≤ is exactly as high as one without.
"$BIN/python" - "$HERE" <<'EOF'
import sys
from fontTools.ttLib import TTFont

here = sys.argv[1]
ref = TTFont(f"{here}/NotoSans-Regular.ttf")
for name in ("NotoSansSymbols2-Regular.ttf", "NotoSansMath-Regular.ttf"):
    font = TTFont(f"{here}/{name}", recalcTimestamp=False)
    for tag, fields in {
        "hhea": ("ascent", "descent", "lineGap"),
        "OS/2": ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"),
    }.items():
        for field in fields:
            setattr(font[tag], field, getattr(ref[tag], field))
    font.save(f"{here}/{name}")
EOF
ls -l "$HERE"/*.ttf
