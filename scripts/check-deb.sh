#!/usr/bin/env bash
# Checks the .deb that scripts/package-deb.sh built: it exists, installs the app binary, its
# desktop entry and icons, and depends on the WebKitGTK runtime (not the -dev package).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The workspace's target dir (CI: ./target; a developer may set CARGO_TARGET_DIR).
target="${CARGO_TARGET_DIR:-$root/target}"
deb="$(ls -t "$target"/release/bundle/deb/*.deb 2>/dev/null | head -n 1)"
if [ -z "$deb" ]; then
  echo "no .deb in $target/release/bundle/deb: run scripts/package-deb.sh" >&2
  exit 1
fi
contents="$(dpkg-deb --contents "$deb")"
depends="$(dpkg-deb --field "$deb" Depends)"
fail=0
for wanted in usr/bin/chizai-desktop usr/share/applications/Chizai.desktop usr/share/icons/hicolor/; do
  if ! grep -qF "$wanted" <<<"$contents"; then
    echo "$deb lacks $wanted" >&2
    fail=1
  fi
done
if ! grep -q "libwebkit2gtk-4.1-0" <<<"$depends"; then
  echo "$deb does not depend on libwebkit2gtk-4.1-0 (Depends: $depends)" >&2
  fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "ok: $deb ($(du -h "$deb" | cut -f1)), Depends: $depends"
