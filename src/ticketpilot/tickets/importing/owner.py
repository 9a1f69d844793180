"""Who runs an import: this process and host, and whether another process is still alive.

An import's log row and its scratch folders carry the process id and host that made them, so a
later run can tell the leftovers of a killed import (its process gone) from the work of one
still running, which it must never touch.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path


def this_host() -> str:
    """This machine's name, as recorded with an import."""
    return socket.gethostname()[:255] or "localhost"


def host_token(host: str) -> str:
    """The host as it can appear in a file name: letters, digits and dashes."""
    return re.sub(r"[^A-Za-z0-9-]", "-", host)[:40] or "host"


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie, exited but not yet reaped, does
    not count)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    except OSError:
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        text = stat.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return text[text.rfind(")") + 2 : text.rfind(")") + 3] == "Z"
