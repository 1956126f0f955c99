#!/usr/bin/env bash
# Makes sure the system libraries WeasyPrint needs for the letters' PDFs are there:
# Pango (>= 1.44, Debian 12 has 1.50) and a font with Å, Ä and Ö on every machine.
# pip cannot install these; WeasyPrint finds them through the dynamic linker.
set -euo pipefail

# ldconfig lives in /sbin, which an ordinary user's PATH often lacks.
LDCONFIG="$(command -v ldconfig || echo /sbin/ldconfig)"
libraries="$("$LDCONFIG" -p 2>/dev/null || true)"
if grep -q 'libpango-1\.0\.so\.0 ' <<<"$libraries" && grep -q 'libpangoft2-1\.0\.so\.0 ' <<<"$libraries"; then
    exit 0
fi
"$(dirname "$0")/apt-install.sh" libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
