#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests.
# The tests drive this system browser; nothing ever downloads a browser build of its own.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
"$(dirname "$0")/apt-install.sh" chromium
if [ ! -x /usr/bin/chromium ]; then
    echo "Chromium saknas (/usr/bin/chromium): webbläsartesterna hoppas över lokalt och fallerar i CI." >&2
fi
