#!/usr/bin/env bash
# Installs the Debian 12 packages Chizai needs to build, run and test the desktop app (and, from
# PyPI, the reminder tests' SMTP sink):
# Tauri's build libraries, Xvfb and WebKitWebDriver for the end-to-end tests, poppler-utils to
# check the PDFs, the Japanese fonts, and PostgreSQL for the office-server tests (issue 12: the
# tests start a throwaway cluster with scripts/pg-test-cluster.sh; pg_trgm ships in postgresql-15
# itself on Debian 12, which provides postgresql-contrib-15, so postgresql-contrib is not needed).
# Idempotent: when every package is present it does nothing (no apt-get update). Needs root (or
# sudo) only when something is missing.
set -euo pipefail

packages=(
    build-essential pkg-config file curl
    libdbus-1-dev
    libwebkit2gtk-4.1-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
    xvfb xauth webkit2gtk-driver
    poppler-utils
    fonts-morisawa-bizud-gothic
    postgresql sqlite3
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing: ${missing[*]}"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "system packages present"
fi

# The reminder tests' SMTP sink (tests/smtp_sink.py): aiosmtpd, pinned, for the python3 on PATH.
# libdbus-1-dev (above) is what the keyring crate's Secret Service links against.
aiosmtpd_version="1.4.6"
if ! python3 -c "import aiosmtpd, sys; sys.exit(aiosmtpd.__version__ != '$aiosmtpd_version')" 2>/dev/null; then
    echo "installing aiosmtpd==$aiosmtpd_version (SMTP sink of the reminder tests)"
    python3 -m pip install --quiet --disable-pip-version-check "aiosmtpd==$aiosmtpd_version" \
        || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "aiosmtpd==$aiosmtpd_version"
fi

# The UI toolchain (Vite 8) needs Node.js ^20.19 or >= 22.12 with npm; Debian 12's own nodejs is 18.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Node.js and npm are required (Node ^20.19 or >= 22.12) to build ui/" >&2
    exit 1
fi
node -e '
const [maj, min] = process.versions.node.split(".").map(Number);
if (!((maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj > 22)) {
  console.error(`Node.js ${process.versions.node} is too old for ui/ (Vite 8 needs ^20.19 or >= 22.12)`);
  process.exit(1);
}'

# Rust: the workspace's rust-version (Cargo.toml) is the oldest toolchain that builds it.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustc >/dev/null 2>&1; then
    echo "Rust is required (cargo and rustc): install it with rustup (https://rustup.rs), then run again" >&2
    exit 1
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
need="$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' "$root/Cargo.toml" | head -n 1)"
have="$(rustc --version | sed -n 's/^rustc \([0-9]*\.[0-9]*\).*/\1/p')"
if [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -n 1)" != "$need" ]; then
    echo "Rust $have is older than this workspace's rust-version $need: run 'rustup update stable'" >&2
    exit 1
fi
