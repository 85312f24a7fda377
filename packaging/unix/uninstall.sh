#!/bin/sh
# Removes tenken installed by install.sh: the scheduled scan (tenken uninstall; --purge also deletes this
# PC's identity, queue and collector settings), the tenken command and the program folder.
#   sudo /usr/local/tenken/uninstall.sh            (macOS)      sudo /opt/tenken/uninstall.sh   (Linux)
set -eu
if [ "$(id -u)" != 0 ]; then
  echo "tenken: run it as root: sudo $0 $* / 管理者 (root) で実行してください: sudo $0 …" >&2
  exit 2
fi
prefix=$(cd "$(dirname "$0")" && pwd)
"$prefix/bin/tenken" uninstall "$@"
if [ "$(readlink /usr/local/bin/tenken 2>/dev/null || true)" = "$prefix/bin/tenken" ]; then rm -f /usr/local/bin/tenken; fi
rm -rf "$prefix"
echo "tenken を削除しました / tenken was removed ($prefix)"
