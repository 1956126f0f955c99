#!/usr/bin/env bash
# Installs Debian packages the tests need: apt-get install -y PACKAGE...
# As root directly, otherwise through sudo when it needs no password. When neither works,
# it explains what to install, and fails under CI (CI=true) so that no test is skipped there.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "Användning: $0 PAKET..." >&2
    exit 2
fi

cannot_install() {
    echo "Kan inte installera $*: behöver apt-get och root eller sudo utan lösenord." >&2
    echo "Installera själv: sudo apt-get install $*" >&2
    if [ "${CI:-}" = "true" ]; then
        exit 1
    fi
    exit 0
}

if ! command -v apt-get >/dev/null 2>&1; then
    cannot_install "$@"
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    cannot_install "$@"
fi

echo "Installerar $* från Debians paket ..."
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q "$@"
