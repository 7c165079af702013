#!/usr/bin/env bash
# Debian packages the tests and benchmarks need: Chromium and CJK fonts for browser tests and screenshots,
# wrk for the benchmark, gettext to compile and check translations. Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto | grep -qi cjk || packages+=(fonts-noto-cjk)
command -v wrk >/dev/null 2>&1 || packages+=(wrk)
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
[ ${#packages[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${packages[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
