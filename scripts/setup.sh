#!/usr/bin/env bash
# Installs what Stratus loads at run time, only when it is missing. Idempotent; safe to run often.
# Native libraries come from Debian and are loaded by soname (see docs/DESIGN in ../shared/docs).
set -euo pipefail

PACKAGES=(librocksdb7.8 libsodium23 libzstd1 libsecp256k1-1 libssl3)

die() { echo "setup: $*" >&2; exit 1; }

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK 10 ('dotnet') is not on PATH; install it from https://dot.net and run again"
sdk_major=$(dotnet --version 2>/dev/null | cut -d. -f1 || true)
[ "${sdk_major:-0}" -ge 10 ] || die "the .NET SDK 10 or newer is required (found '$(dotnet --version 2>/dev/null || echo none)')"

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing Debian packages: ${missing[*]} (no apt-get on this machine; install them by hand)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing Debian packages: ${missing[*]}; run as root or install sudo"
    SUDO="sudo"
  fi
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/stratus-apt.log 2>&1; then
    $SUDO apt-get update >>/tmp/stratus-apt.log 2>&1 || true
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/stratus-apt.log 2>&1 \
      || die "could not install ${missing[*]} (see /tmp/stratus-apt.log)"
  fi
fi

# Read the cache once: `ldconfig -p | grep -q` under pipefail fails at random when grep exits early (SIGPIPE).
cache=$(ldconfig -p 2>/dev/null || true)
for so in librocksdb.so.7.8 libsodium.so.23 libzstd.so.1 libsecp256k1.so.1 libcrypto.so.3; do
  grep -qF "$so" <<<"$cache" || die "native library $so is still not loadable after installing ${PACKAGES[*]}"
done
