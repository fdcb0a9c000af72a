"""A real SMTP server on the loopback address for the reminder tests (tests/tests/remind_cli.rs).

    python3 tests/smtp_sink.py DIR

Starts aiosmtpd (pinned in scripts/setup-system.sh) on 127.0.0.1 at a free port, prints the port on
the first line of stdout, and writes every message it accepts to DIR as NNNN.eml (the bytes as
received) with NNNN.rcpt beside it (the envelope recipients, one a line); the .eml appears only
once complete. Runs until stdin closes or it is killed. With SINK_AUTH=USER:PASSWORD in the
environment it requires that login (AUTH PLAIN/LOGIN, allowed without TLS on loopback).
"""

import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Save:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"{self.count:04d}")
        with open(base + ".rcpt", "w", encoding="utf-8") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK message accepted"


def authenticator(expected):
    user, password = expected.split(":", 1)

    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            auth_data is not None
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok)

    return check


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    port = free_port()
    auth = os.environ.get("SINK_AUTH")
    options = {}
    if auth:
        options = dict(authenticator=authenticator(auth), auth_required=True, auth_require_tls=False)
    controller = Controller(Save(folder), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
