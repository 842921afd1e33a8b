"""What `briefgen fetch` follows: the ``[[feed]]`` and ``[[page]]`` entries of
sources.toml, checked like the rest of that file (one error naming the key).

```toml
[[feed]]                          # an RSS/Atom feed or an HTML page listing articles
url = "https://www.example.gov.cn/zwgk/tjxx/"
match = ["安义高新区"]              # words a kept article must contain (default: park + aliases)
limit = 20                        # links looked at, first ones first (default 20)

[[page]]                          # one article, kept whatever it mentions
url = "https://www.example.com/news/123.html"
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.errors import SourceError

DEFAULT_LIMIT = 20
_URL = re.compile(r"https?://[^\s/]+\S*$")


@dataclass(frozen=True)
class Feed:
    url: str
    match: tuple[str, ...] = ()  # () = the park's name and aliases
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Page:
    url: str


@dataclass(frozen=True)
class FollowList:
    feeds: tuple[Feed, ...]
    pages: tuple[Page, ...]
    park: str | None  # sources.toml's park and aliases: the default match words
    aliases: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.feeds or self.pages)


_FEED_KEYS = {"url", "match", "limit"}
_PAGE_KEYS = {"url"}


def _entries(data: dict[str, Any], kind: str, path: Path) -> list[dict[str, Any]]:
    entries = data.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourceError(f"'{kind}' must be a list of tables ([[{kind}]])", path=path)
    return entries


def _url(entry: dict[str, Any], where: str, path: Path) -> str:
    url = entry.get("url")
    if not isinstance(url, str) or not _URL.match(url.strip()):
        raise SourceError(f"'{where}.url' must be an http:// or https:// address", path=path)
    return url.strip()


def _unknown(entry: dict[str, Any], known: set[str], where: str, path: Path) -> None:
    for key in entry:
        if key not in known:
            raise SourceError(f"unknown key '{where}.{key}' (known: {', '.join(sorted(known))})", path=path)


def parse_follow(data: dict[str, Any], path: Path) -> FollowList:
    """``data`` is sources.toml as read by tomllib."""
    feeds: list[Feed] = []
    for i, entry in enumerate(_entries(data, "feed", path)):
        where = f"feed[{i}]"
        _unknown(entry, _FEED_KEYS, where, path)
        match = entry.get("match", [])
        if not isinstance(match, list) or not all(isinstance(w, str) and w.strip() for w in match):
            raise SourceError(f"'{where}.match' must be a list of words (match = [\"安义\"])", path=path)
        limit = entry.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise SourceError(f"'{where}.limit' must be a whole number >= 1", path=path)
        feeds.append(Feed(_url(entry, where, path), tuple(w.strip() for w in match), limit))
    pages: list[Page] = []
    for i, entry in enumerate(_entries(data, "page", path)):
        where = f"page[{i}]"
        _unknown(entry, _PAGE_KEYS, where, path)
        pages.append(Page(_url(entry, where, path)))
    park = data.get("park") if isinstance(data.get("park"), str) else None
    aliases = data.get("aliases")
    names = tuple(a for a in aliases if isinstance(a, str)) if isinstance(aliases, list) else ()
    return FollowList(tuple(feeds), tuple(pages), park, names)
