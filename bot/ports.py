"""Whether a TCP port is free to listen on, asked before a server starts anything.

`tandem serve` hands the port to gunicorn, which logs "Connection in use" five times and exits with
a trace of its own; `tandem sandbox` started the emulator, the bot and the scheduler before finding
its page's port taken. Asking first gives the operator one line naming the port and what to do.
"""

from __future__ import annotations

import errno
import socket


def busy(host: str, port: int) -> str | None:
    """Why (host, port) cannot be listened on, in words, or None when it can (the probe is closed at once).

    SO_REUSEADDR as gunicorn and wsgiref set it: a port left in TIME_WAIT by a server just stopped is free.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"port {port} is already in use (another Tandem, or another server, listens on it)"
            if error.errno == errno.EACCES:
                return f"port {port} needs privileges this user lacks (ports below 1024 do)"
            return f"cannot listen on {host}:{port} ({error.strerror or error})"
    return None
