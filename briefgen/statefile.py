"""Reading the build state in ``out/.briefgen`` (history, mail record, run log)
without ever mistaking a damaged file for a missing one.

A file that exists but is not what briefgen wrote (cut short by a full disk,
edited by hand) is renamed to ``<name>.damaged-<UTC time>`` — kept for a look,
never deleted — and :class:`DamagedState` says so; each caller then does the
safe thing for its own file (history: no 本期更新; mail: no resend).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import OutputError


class DamagedState(Exception):
    """A state file could not be read; it has been moved to ``kept``."""

    def __init__(self, path: Path, why: str, kept: Path | None) -> None:
        self.path, self.kept = path, kept
        where = f"kept as {kept.name}" if kept else "could not be moved aside"
        super().__init__(f"{path}: damaged ({why}); {where}")


def read_json(path: Path, valid: Callable[[dict], bool] = lambda d: True) -> dict | None:
    """The JSON object in ``path``; None when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        why = "" if isinstance(data, dict) and valid(data) else "not the expected record"
    except (UnicodeDecodeError, ValueError) as exc:
        data, why = None, f"not JSON: {str(exc).split(':')[0]}"
    if not why:
        return data
    raise DamagedState(path, why, set_aside(path))


def set_aside(path: Path) -> Path | None:
    """Rename ``path`` to ``<name>.damaged-<UTC time>`` beside it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        os.replace(path, kept)
    except OSError:
        return None
    return kept
