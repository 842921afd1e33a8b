"""The mail record, ``out/.briefgen/mail.json``, as far as runs that send nothing
need it: is a send pending? Kept apart from briefgen.mail so that the unchanged
path of ``build --if-changed`` does not import smtplib, ssl and email (~35 ms).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.lock import state_dir
from briefgen.statefile import DamagedState, read_json

MAIL_STATE = "mail.json"


def pending_send(out: Path) -> dict | None:
    """The mail record when a send was started and some recipients are still missing."""
    try:
        state = read_json(state_dir(out) / MAIL_STATE)
    except (DamagedState, BriefgenError):
        return None
    if not state or state.get("unknown") or not isinstance(state.get("delivered"), list):
        return None
    missing = [r for r in state.get("recipients", []) if r not in state["delivered"]]
    return {**state, "missing": missing} if missing else None
