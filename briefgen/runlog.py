"""One line per run in ``out/.briefgen/runs.log``, so "did last month's brief go
out?" has an answer (``briefgen status`` reads it).

Each line is a JSON object: ``time`` (UTC), ``command``, ``outcome`` (ok |
unchanged | error | locked), ``exit`` (the exit code), ``changed``, ``pages``,
``pdf``, ``mail`` (sent | already sent | dry run | nothing pending | failed |
null) and ``error`` (the one-line message). Lines are appended with O_APPEND,
so two runs never interleave a line; the log keeps the last ``KEEP`` runs.
A log that cannot be written never fails the run it describes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.errors import BriefgenError, LockedError
from briefgen.lock import state_dir
from briefgen.manifest import shown_path

LOG_NAME = "runs.log"
KEEP = 500  # runs kept: years of monthly, months of hourly retries


@contextmanager
def logged(out_dir: Path, command: str) -> Iterator[dict]:
    """``with logged(out, "build") as entry: ...`` — fill ``entry``; on a BriefgenError
    the line records it (``exit``, ``error``) and the error goes on up unchanged."""
    entry: dict = {"command": command, "outcome": "ok", "exit": 0}
    try:
        yield entry
    except BriefgenError as exc:
        entry.update(
            outcome="locked" if isinstance(exc, LockedError) else "error", exit=exc.exit_code, error=str(exc)
        )
        if entry.get("mail") == "pending":
            entry["mail"] = "failed"
        append(out_dir, entry)
        raise
    append(out_dir, entry)


def append(out_dir: Path, entry: dict) -> None:
    line = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **entry}
    data = (json.dumps(line, ensure_ascii=False, default=shown_path) + "\n").encode("utf-8")
    path = state_dir(out_dir) / LOG_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError:
        return  # an unwritable state folder: the run's own error says so
    try:
        os.write(fd, data)
        size = os.fstat(fd).st_size
    except OSError:
        return
    finally:
        os.close(fd)
    if size > KEEP * 2 * 400:  # about twice KEEP lines: trim (rarely: once per KEEP runs)
        _trim(path)


def read(out_dir: Path, last: int = 10) -> tuple[list[dict], int]:
    """The last ``last`` runs (oldest first) and the number of unreadable lines skipped."""
    try:
        lines = (state_dir(out_dir) / LOG_NAME).read_bytes().splitlines()
    except OSError:
        return [], 0
    runs, bad = [], 0
    for raw in lines:
        try:
            entry = json.loads(raw.decode("utf-8"))
        except ValueError:  # a line cut short by a full disk or a crash
            bad += 1
            continue
        if isinstance(entry, dict):
            runs.append(entry)
        else:
            bad += 1
    return runs[-last:] if last else runs, bad


def _trim(path: Path) -> None:
    from briefgen.publish import write_atomic

    try:
        lines = path.read_bytes().splitlines(keepends=True)
        write_atomic(path, b"".join(lines[-KEEP:]))
    except (OSError, BriefgenError):
        pass


def build_entry(result: object, mailed: object | None) -> dict:
    """The log fields of a finished build (pipeline.BuildResult, mail.MailResult)."""
    pdf = getattr(result, "pdf", None)
    changed = bool(getattr(result, "changed", False))
    entry: dict = {
        "outcome": "ok" if changed else "unchanged",
        "changed": changed,
        "pages": getattr(result, "pages", None),
        "pdf": shown_path(pdf.name) if pdf else None,
        "mail": None,
    }
    if mailed is not None:
        entry.update(mail_entry(mailed))
    return entry


def mail_entry(mailed: object) -> dict:
    return {"mail": getattr(mailed, "reason", None), "recipients": len(getattr(mailed, "recipients", ()))}
