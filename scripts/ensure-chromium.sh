#!/bin/sh
# Make sure a Chromium the browser tests can drive exists.
# 1. a chromium already on PATH; 2. Debian's package when root with apt;
# 3. Playwright's own download (a developer laptop with internet).
set -e
BIN=${1:-.venv/bin}
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium package for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "No system chromium: falling back to playwright install chromium"
"$BIN/playwright" install chromium
