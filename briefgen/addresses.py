"""Mail addresses as configured: one entry, one mailbox.

"a@x.cn, b@x.cn" in one entry would put both in To: while the SMTP envelope
and mail.json knew only one, so an entry must parse to exactly one address
(a display name is fine: "简报 <brief@x.cn>", '"Li, Wei" <li@x.cn>').
"""

from __future__ import annotations

import re
from email.utils import getaddresses, parseaddr

_MAILBOX = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\".][^@\s<>()\[\],;:\"]*")


def address_problem(entry: str) -> str | None:
    """Why ``entry`` is not one mail address, or None when it is."""
    found = [addr for _, addr in getaddresses([entry]) if addr]
    if len(found) > 1 or re.search(r"[,;]\s*\S", _outside_quotes(entry)):
        return f"{entry!r} holds several addresses: give each its own entry"
    if len(found) != 1 or not _MAILBOX.fullmatch(found[0]):
        return f"{entry!r} is not a mail address (name@example.com or 名字 <name@example.com>)"
    return None


def bare(entry: str) -> str:
    """'简报 <brief@example.com>' -> 'brief@example.com' (what the SMTP envelope takes)."""
    return parseaddr(entry)[1] or entry


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"', "", text)
