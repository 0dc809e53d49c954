#!/usr/bin/env bash
# Debian packages the tests need, installed only when missing:
#   fonts-noto-cjk             CJK fonts the PDF tests print their generated issues with
#   libreoffice-writer-nogui   prints one of the test layouts, as an editor's word processor
#   chromium                   the browser the browser tests drive through Playwright
set -euo pipefail
need=()
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
