#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 12): socket only, trust auth, fsync off.
#
#   scripts/pg-test-cluster.sh start DIR   initdb into DIR/data if needed, start the server with its
#                                          socket in DIR/socket, wait until it is ready, and print one
#                                          line: the URL to connect with. Already running: the URL again.
#   scripts/pg-test-cluster.sh stop DIR    stop it (fast mode); DIR is left as it is.
#
# With PG_TLS_PORT=N the server also listens on 127.0.0.1:N with TLS on, its certificate
# (CN=localhost, SAN localhost and 127.0.0.1) signed by a throwaway CA in DIR/tls/ca.crt: the
# printed URL is then the TCP one, for the tests of sslmode.
#
# Uses Debian's PostgreSQL binaries (package postgresql, installed by scripts/setup-system.sh).
# initdb and postgres refuse to run as root, and CI runs as root: then the server runs as the system
# user chizai-pg (created here if missing); as a normal user it runs as that user.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PG_PORT="${PG_TLS_PORT:-5432}" # the socket lives in DIR/socket, so the port only names the socket file
PG_USER_OS=chizai-pg

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
cmd="$1"
case "$cmd" in start | stop) ;; *) usage ;; esac

for b in initdb pg_ctl pg_isready postgres; do
    if [ ! -x "$PG_BIN/$b" ]; then
        echo "PostgreSQL $PG_VERSION is not installed ($PG_BIN/$b missing): install the Debian package 'postgresql' (apt-get install postgresql, or run scripts/setup-system.sh)" >&2
        exit 1
    fi
done

mkdir -p "$2"
dir="$(cd "$2" && pwd)"
data="$dir/data"
socket="$dir/socket"
log="$dir/postgres.log"
url="postgres://postgres@localhost/postgres?host=$socket&port=$PG_PORT"
listen="''"
tls_opts=""
if [ -n "${PG_TLS_PORT:-}" ]; then
    url="postgres://postgres@localhost:$PG_PORT/postgres"
    listen="'127.0.0.1'"
    tls_opts="-c ssl=on -c ssl_cert_file='$dir/tls/server.crt' -c ssl_key_file='$dir/tls/server.key'"
fi

# Run a command as the server's OS user.
if [ "$(id -u)" -eq 0 ]; then
    if ! id "$PG_USER_OS" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            "$PG_USER_OS"
    fi
    as_server() { runuser -u "$PG_USER_OS" -- "$@"; }
else
    as_server() { "$@"; }
fi

# The server user must reach DIR (and the callers its socket): every directory from / down to DIR
# needs search (x) permission for others, as a temp folder made by mktemp -d (0700) lacks.
open_path() {
    local p="$1"
    while [ "$p" != "/" ]; do
        if [ -O "$p" ] && [ "$(( 0$(stat -c %a "$p") & 01 ))" -eq 0 ]; then chmod o+x "$p"; fi
        p="$(dirname "$p")"
    done
}

running() {
    [ -f "$data/postmaster.pid" ] && as_server "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

case "$cmd" in
start)
    open_path "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        mkdir -p "$data" "$socket"
        chown "$PG_USER_OS": "$data" "$socket"
        touch "$log" && chown "$PG_USER_OS": "$log"
    else
        mkdir -p "$data" "$socket"
    fi
    chmod 0700 "$data"
    if [ -n "${PG_TLS_PORT:-}" ] && [ ! -f "$dir/tls/server.crt" ]; then
        mkdir -p "$dir/tls"
        (
            cd "$dir/tls"
            openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Chizai test CA" \
                -keyout ca.key -out ca.crt 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key \
                -out server.csr 2>/dev/null
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
                -extfile san.ext -out server.crt 2>/dev/null
        )
        chmod 0755 "$dir/tls"
        chmod 0600 "$dir/tls/server.key"
        if [ "$(id -u)" -eq 0 ]; then chown "$PG_USER_OS": "$dir/tls/server.key"; fi
    fi
    # The socket directory: the server writes it, every local caller connects through it.
    chmod 0755 "$socket"
    if running; then
        echo "$url"
        exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        as_server "$PG_BIN/initdb" -D "$data" --auth=trust -U postgres --encoding=UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
            cat "$dir/initdb.log" >&2
            exit 1
        }
    fi
    as_server "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 -s \
        -o "-c listen_addresses=$listen $tls_opts -c unix_socket_directories='$socket' -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || {
        echo "PostgreSQL did not start; its log ($log):" >&2
        tail -n 20 "$log" >&2
        exit 1
    }
    for _ in $(seq 1 60); do
        if "$PG_BIN/pg_isready" -q -h "$socket" -p "$PG_PORT"; then
            echo "$url"
            exit 0
        fi
        sleep 0.5
    done
    echo "PostgreSQL started but is not ready after 30 s; its log ($log):" >&2
    tail -n 20 "$log" >&2
    exit 1
    ;;
stop)
    if running; then
        as_server "$PG_BIN/pg_ctl" -D "$data" -m fast -w -s stop
    fi
    ;;
esac
