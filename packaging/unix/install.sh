#!/bin/sh
# tenken for macOS and Linux from the extracted tar.gz: copies this folder to /usr/local/tenken (macOS) or
# /opt/tenken (Linux), root-owned, links the tenken command into /usr/local/bin, then runs tenken install
# with the options given (collector, secret, CA; see tenken install --help):
#   sudo ./tenken/install.sh --collector https://collector.example --secret SECRET --ca-fingerprint sha256:…
# Running it again (a newer version) replaces the files and keeps the enrollment.
set -eu
case "$(uname -s)" in
  Darwin) prefix=/usr/local/tenken ;;
  Linux) prefix=/opt/tenken ;;
  *) echo "tenken: this package is for macOS and Linux / このパッケージは macOS と Linux 用です" >&2; exit 2 ;;
esac
if [ "$(id -u)" != 0 ]; then
  echo "tenken: run it as root: sudo $0 $* / 管理者 (root) で実行してください: sudo $0 …" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
if ! "$here/bin/node" --version >/dev/null 2>&1; then
  echo "tenken: this package is for another processor ($(uname -m)); download the one for this machine / この PC のプロセッサ ($(uname -m)) 用のパッケージをダウンロードしてください" >&2
  exit 2
fi
staging="$prefix.new.$$"
rm -rf "$staging"
mkdir -p "$staging"
cp -R "$here/bin" "$here/lib" "$here/policies" "$here/schema" "$here/share" "$here/package.json" "$here/uninstall.sh" "$staging/"
chown -R 0:0 "$staging"
chmod -R go-w "$staging"
# A browser download marks every extracted file as quarantined; the administrator chose to install these.
if [ "$(uname -s)" = Darwin ]; then xattr -dr com.apple.quarantine "$staging" 2>/dev/null || true; fi
if [ -d "$prefix" ]; then
  rm -rf "$prefix.old"
  mv "$prefix" "$prefix.old"
fi
mv "$staging" "$prefix"
rm -rf "$prefix.old"
mkdir -p /usr/local/bin
ln -sf "$prefix/bin/tenken" /usr/local/bin/tenken
echo "tenken を $prefix にインストールしました / tenken is installed in $prefix"
if [ "$#" -eq 0 ]; then
  echo "この PC を登録するには / To enroll this PC: sudo tenken install --collector https://<collector> --secret <secret>"
  exit 0
fi
exec "$prefix/bin/tenken" install "$@"
