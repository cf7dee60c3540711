#!/usr/bin/env bash
# Installs what Minh Bạch needs to build, run and test, from Debian's packages.
# Idempotent: installs only what is missing. Uses sudo when not root.
# Usage: scripts/deps.sh [--test]   (--test adds chromium, node, nginx, wrk for tests and bench)
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev
            libsodium-dev libcmocka-dev zlib1g-dev libqrencode-dev libgmime-3.0-dev libcurl4-openssl-dev libicu-dev libxlsxwriter-dev
            gettext sqlite3 python3)
test_pkgs=(nodejs npm chromium fonts-noto-core nginx-light wrk hyperfine
           # FixMyStreet's Open311 client (../shared/tools/open311-client/run.pl, tests/api/open311_fms.test.mjs)
           libwww-perl liburi-perl libhttp-message-perl libmoo-perl libmoox-types-mooselike-perl
           libxml-simple-perl libdatetime-format-w3cdtf-perl libpath-tiny-perl libtry-tiny-perl)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
# node/npm may come from outside Debian's packages on developer machines: accept them if present.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do case "$p" in nodejs|npm) ;; *) tmp+=("$p");; esac; done
  missing=("${tmp[@]}")
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "deps: everything is installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
