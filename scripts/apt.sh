#!/usr/bin/env bash
# Install the Debian packages that the UI (browser) tests need.
#
# Today that is only `chromium`: Playwright launches Debian's /usr/bin/chromium
# through `executable_path`, so `playwright install` is never run.
#
# Idempotent: does nothing (no apt-get update either) when /usr/bin/chromium
# already exists. Runs apt-get directly as root, through sudo otherwise.
#
# Usage: scripts/apt.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium)

log() { printf 'apt.sh: %s\n' "$*"; }
die() { printf 'apt.sh: error: %s\n' "$*" >&2; exit 1; }

if [ -x "$CHROMIUM" ]; then
    log "$CHROMIUM is present; nothing to install"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    die "$CHROMIUM is missing and installing it needs root: run this script as root, or install sudo (packages: ${PACKAGES[*]})"
fi

command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script supports Debian-based systems only (needed packages: ${PACKAGES[*]})"

log "installing ${PACKAGES[*]} (needed for $CHROMIUM)"
log "running: ${SUDO[*]:+${SUDO[*]} }apt-get update"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update \
    || die "apt-get update failed"
log "running: ${SUDO[*]:+${SUDO[*]} }apt-get install -y --no-install-recommends ${PACKAGES[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}" \
    || die "apt-get install ${PACKAGES[*]} failed"

[ -x "$CHROMIUM" ] || die "installed ${PACKAGES[*]} but $CHROMIUM is still missing"
log "done: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
