"""`briefgen status`: the current brief, the mail still pending, the last runs.

Reads out/.briefgen only (history, mail record, run log); takes no lock and
changes nothing, so it answers even while a build runs.
"""

from __future__ import annotations

from pathlib import Path

from briefgen import runlog
from briefgen.errors import BriefgenError
from briefgen.lock import state_dir
from briefgen.mailstate import MAIL_STATE
from briefgen.manifest import shown_path
from briefgen.publish import on_disk


def status_text(out_dir: Path, last: int = 10) -> str:
    state = state_dir(out_dir)
    lines = [f"output:  {shown_path(out_dir)}"]
    lines.append("brief:   " + _brief(state, out_dir))
    lines.append("mail:    " + _mail(state))
    runs, bad = runlog.read(out_dir, last)
    lines.append(f"last {len(runs)} run(s):" if runs else "runs:    none logged yet")
    lines += ["  " + _run_line(r) for r in reversed(runs)]
    if bad:
        lines.append(f"  ({bad} unreadable line(s) in {runlog.LOG_NAME} skipped)")
    return "\n".join(lines) + "\n"


def _brief(state: Path, out_dir: Path) -> str:
    path = state / "history.json"
    data = _peek(path)
    if data is None and path.exists():
        return "history.json is damaged (the next build keeps it aside)"
    builds = [b for b in (data or {}).get("builds", []) if isinstance(b, dict)]
    record = builds[-1] if builds else None
    if not record or not record.get("pdf"):
        return "none built yet (briefgen build)"
    name = record["pdf"]
    there = "" if (out_dir / on_disk(name)).is_file() else " — the file is missing"
    return f"{name}, built {record.get('built')}, {record.get('documents', '?')} documents{there}"


def _mail(state: Path) -> str:
    path = state / MAIL_STATE
    data = _peek(path)
    if data is None:
        return "damaged record (the next mail run keeps it aside)" if path.exists() else "nothing sent yet"
    delivered = data.get("delivered") or []
    wanted = data.get("recipients") or delivered
    missing = [r for r in wanted if r not in delivered]
    if data.get("unknown"):
        return f"{data.get('pdf')}: unknown whether it went out (record was damaged); --force sends it"
    if missing:
        return (
            f"PENDING {data.get('pdf')}: {len(delivered)} of {len(wanted)} delivered, "
            f"missing {', '.join(missing)} (the next briefgen run retries)"
        )
    return f"{data.get('pdf')} sent to {len(delivered)} recipient(s), {data.get('sent', '?')}"


def _peek(path: Path) -> dict | None:
    """The JSON object in ``path``, or None (missing or unreadable); never moves anything."""
    import json

    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, BriefgenError):
        return None
    return data if isinstance(data, dict) else None


def _run_line(run: dict) -> str:
    parts = [str(run.get("time", "?")), f"{run.get('command', '?'):5}", f"{run.get('outcome', '?'):9}"]
    if run.get("pages"):
        parts.append(f"{run['pages']} pages")
    if run.get("mail"):
        parts.append(f"mail: {run['mail']}")
    if run.get("exit"):
        parts.append(f"exit {run['exit']}: {run.get('error', '')}")
    return "  ".join(parts)
