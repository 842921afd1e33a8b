"""One build at a time per output folder.

The lock is an OS file lock (``filelock``: flock on Unix, msvcrt on Windows) on
``<out>/.briefgen/build.lock``. The kernel drops it when its process ends, even
on SIGKILL or a power cut, so a lock can never outlive a killed run: the next
run simply takes it. Beside it, ``lock.json`` says who holds it (pid, host,
start time) for the "locked" message; a ``lock.json`` found when the lock was
free is the trace of a killed run, reported as a taken-over stale lock.

Re-entrant inside one process: ``build --mail`` holds the lock across the build
and the send, and the inner ``BuildLock`` of each is a no-op that still reports
the stale lock the outer one took over.

A state folder that cannot be written (a read-only mount, files left by one
``sudo`` run) is an OutputError (exit 6) naming it, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from briefgen.errors import LockedError, OutputError

STATE_DIR = ".briefgen"
_held: dict[Path, int] = {}  # lock path -> depth, for re-entry in this process
_stale: dict[Path, str | None] = {}  # lock path -> what the outermost lock took over


def state_dir(out_dir: Path) -> Path:
    return out_dir / STATE_DIR


class BuildLock:
    """``with BuildLock(out_dir) as lock:`` — raises LockedError (exit 75) when
    another process holds it. ``lock.stale`` describes a taken-over stale lock."""

    def __init__(self, out_dir: Path) -> None:
        self.dir = state_dir(out_dir)
        self.path = (self.dir / "build.lock").resolve()
        self.info_path = self.dir / "lock.json"
        self.stale: str | None = None
        self._lock: FileLock | None = None

    def __enter__(self) -> BuildLock:
        if self.path in _held:
            _held[self.path] += 1
            self.stale = _stale.get(self.path)
            return self
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the state folder: {exc.strerror}", path=self.dir) from None
        lock = FileLock(str(self.path), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise LockedError(
                f"another briefgen run is using this output folder ({self._holder()}); "
                "try again when it has finished",
                path=self.dir.parent,
            ) from None
        except OSError as exc:  # EACCES, EROFS: nothing has been touched yet
            raise OutputError(_unwritable(exc), path=self.dir) from None
        self.stale = self._previous_holder()
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        try:
            self.info_path.write_text(json.dumps(info), encoding="utf-8")
        except OSError as exc:
            lock.release()
            raise OutputError(_unwritable(exc), path=self.dir) from None
        self._lock = lock
        _held[self.path] = 1
        _stale[self.path] = self.stale
        return self

    def __exit__(self, *exc_info: object) -> None:
        _held[self.path] -= 1
        if _held[self.path]:
            return
        del _held[self.path]
        _stale.pop(self.path, None)
        if self._lock is not None:
            self.info_path.unlink(missing_ok=True)
            self._lock.release()
            self._lock = None

    def _read_info(self) -> dict | None:
        try:
            info = json.loads(self.info_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) else None

    def _holder(self) -> str:
        info = self._read_info()
        if not info:
            return "holder unknown"
        return f"pid {info.get('pid')} on {info.get('host')}, started {info.get('started')}"

    def _previous_holder(self) -> str | None:
        """We got the lock, so whoever wrote lock.json is gone without cleaning up."""
        info = self._read_info()
        if info is None:
            return None
        return (
            f"took over the lock of a run that ended without releasing it "
            f"(pid {info.get('pid')}, started {info.get('started')})"
        )


def _unwritable(exc: OSError) -> str:
    why = exc.strerror or str(exc)
    return f"cannot write the build state here ({why}); the previous brief is untouched"
