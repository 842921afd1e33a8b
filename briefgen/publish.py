"""Put the rendered PDF in the output folder so nobody ever sees half a file.

Each file is written to a hidden temporary in the same folder, fsynced, then
renamed over the target (``os.replace`` is atomic on POSIX and Windows). On
Linux the temporary is an anonymous O_TMPFILE that gets a name only once it is
complete, so even SIGKILL mid-write leaves nothing behind; elsewhere a killed
run may leave a hidden ``.*.part`` file, which the next publish removes.

Two names per brief: ``<stem>_<YYYY-MM-DD>.pdf`` (one per build day; the newest
``keep_briefs`` of them are kept, all when it is 0) and
``<stem>.pdf``, the stable name of the latest brief — a real file (hard link or
copy), not a symlink, so it can be attached anywhere.

File names are UTF-8 on disk whatever the locale: under ``LC_ALL=C`` with
Python's UTF-8 mode off, the Chinese name is still written (as its UTF-8
bytes) instead of failing. A full disk is reported as "disk full" and, like
every failed write, leaves the previous brief as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from briefgen.config import Config
from briefgen.errors import OutputError
from briefgen.manifest import shown_path
from briefgen.models import Brief

PART_SUFFIX = ".part"
_anonymous_ok = True  # False once O_TMPFILE + link failed here
DEFAULT_STEM = "简报"


@dataclass(frozen=True)
class Published:
    path: Path  # the dated brief
    latest: Path | None  # the stable name, same bytes


def file_stem(title: str | None) -> str:
    """《安义高新技术产业园区发展简报》 -> 安义高新技术产业园区发展简报 (safe on every OS)."""
    stem = re.sub(r'[《》〈〉<>:"/\\|?*\x00-\x1f]', "", title or "").strip(" .")
    stem = re.sub(r"\s+", "_", stem)
    return stem[:80] or DEFAULT_STEM


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date, so reproducible builds get reproducible names."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def publish_pdf(
    data: bytes,
    cfg: Config,
    brief: Brief | None = None,
    *,
    stem: str | None = None,
    date: dt.date | None = None,
) -> Published:
    """Write ``data`` as ``<out>/<stem>_<date>.pdf`` and ``<out>/<stem>.pdf``, atomically.

    ``stem`` defaults to the brief's title."""
    stem = on_disk(stem or file_stem(brief.title if brief else None))
    date = date or build_date()
    out = cfg.out_dir
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", path=out) from None
    remove_leftovers(out)
    dated = out / f"{stem}_{date.isoformat()}.pdf"
    latest = out / f"{stem}.pdf"
    write_atomic(dated, data)
    _replace_with_link(dated, latest, data)
    if cfg.keep_briefs:
        prune_dated(out, stem, cfg.keep_briefs)
    return Published(dated, latest)


def prune_dated(out: Path, stem: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` dated briefs ``<stem>_<YYYY-MM-DD>.pdf`` and the
    dry-run ``.eml`` and data ``.csv`` beside each; the latest name and other titles' briefs
    are never touched."""
    pattern = re.compile(re.escape(stem) + r"_(\d{4}-\d{2}-\d{2})\.(pdf|eml|csv)")
    by_day: dict[str, list[Path]] = {}
    for path in out.iterdir():
        m = pattern.fullmatch(path.name)
        if m and path.is_file():
            by_day.setdefault(m[1], []).append(path)
    removed = []
    for day in sorted(by_day)[:-keep]:
        for path in by_day[day]:
            try:
                path.unlink()
            except OSError:  # a copy we cannot remove is no reason to fail a published build
                continue
            removed.append(path)
    return removed


def on_disk(name: str) -> str:
    """``name`` as a path component whose bytes are UTF-8 under any locale (a no-op
    when the file system encoding is UTF-8, as it is almost everywhere)."""
    if sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return name
    return os.fsdecode(name.encode("utf-8", "surrogateescape"))


def write_atomic(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` all at once, or leave it as it was."""
    tmp = _temp_name(target)
    try:
        _write_temp(tmp, data)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_cannot_write(exc), path=shown_path(target)) from None
    _move_into_place(tmp, target)


def _cannot_write(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disk full ({exc.strerror}); the previous brief is untouched"
    return f"cannot write: {exc.strerror or exc}"


def _move_into_place(tmp: Path, target: Path) -> None:
    """Rename a complete temporary over ``target`` and make the rename durable."""
    try:
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_cannot_write(exc), path=shown_path(target)) from None
    _fsync_dir(target.parent)


def remove_leftovers(folder: Path) -> None:
    """Temporaries of runs killed mid-write (we hold the build lock, so none is live)."""
    for part in folder.glob(f".*{PART_SUFFIX}"):
        part.unlink(missing_ok=True)


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{PART_SUFFIX}")


def _write_temp(tmp: Path, data: bytes) -> None:
    global _anonymous_ok
    fd = _open_anonymous(tmp.parent) if _anonymous_ok else None
    if fd is not None:  # Linux: the file has no name until it is complete
        try:
            _write_all(fd, data)  # a full disk raises here: no fallback would fare better
            os.fsync(fd)
            try:
                os.link(f"/proc/self/fd/{fd}", tmp, follow_symlinks=True)
                return
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
                    raise
                _anonymous_ok = False  # e.g. EXDEV or ENOENT in some containers: use a named temporary
        finally:
            os.close(fd)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_anonymous(folder: Path) -> int | None:
    if not hasattr(os, "O_TMPFILE") or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except OSError:  # filesystem without O_TMPFILE support
        return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _replace_with_link(source: Path, target: Path, data: bytes) -> None:
    """``target`` becomes the same file as ``source``: a hard link renamed into place, or a copy."""
    tmp = _temp_name(target)
    try:
        os.link(source, tmp)
    except OSError:  # no hard links here (FAT, some network shares): copy instead
        write_atomic(target, data)
        return
    _move_into_place(tmp, target)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open folders, and needs not."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
