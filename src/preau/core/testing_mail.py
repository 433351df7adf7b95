"""Test helpers for e-mail: a mail server that accepts connections and never answers."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class SilentSMTP:
    """Listens on localhost, accepts every connection, never says a word."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.port: int = self._listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _address = self._listener.accept()
            except OSError:  # closed
                return
            self.connections.append(conn)

    def close(self) -> None:
        self._listener.close()
        for conn in self.connections:
            conn.close()


@contextmanager
def silent_smtp(settings: Any, timeout: float) -> Iterator[SilentSMTP]:
    """Point the SMTP backend at a SilentSMTP with a short EMAIL_TIMEOUT."""
    server = SilentSMTP()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER = False, ""
    settings.EMAIL_TIMEOUT = timeout
    try:
        yield server
    finally:
        server.close()
