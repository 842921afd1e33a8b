"""Where fetched articles go, all at once or not at all: each page's HTML in the
sources folder, its record appended to sources.toml (tomlkit keeps the user's
comments, order and layout), and the fetch state (ETags, links of each feed,
URLs already decided, robots.txt cache) in ``out/.briefgen/fetch.json``.
Nothing here ever deletes an article."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefgen.errors import OutputError
from briefgen.fetch.article import Article
from briefgen.publish import write_atomic

STATE_NAME = "fetch.json"
_STATE_KEYS = ("feeds", "seen", "attempts", "robots")
_NEW_SOURCES_TOML = """\
# One table per source document in this folder, keyed by file name.
# Fields: title, publisher, published (YYYY-MM-DD; leave it out when unknown), script, url.
# `briefgen fetch` appends a table for each article it keeps (with fetched_at and sha256).
"""


def load_state(state_dir: Path) -> tuple[dict[str, Any], str | None]:
    """The fetch state, and a note when a damaged one was set aside (then all is fetched anew,
    and the content hashes in sources.toml still keep duplicates out)."""
    path = state_dir / STATE_NAME
    empty: dict[str, Any] = {key: {} for key in _STATE_KEYS}
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return empty, None
    except (OSError, ValueError) as exc:
        return empty, f"{path}: unreadable ({type(exc).__name__}); starting a new fetch state"
    if not isinstance(data, dict) or not all(isinstance(data.get(k, {}), dict) for k in _STATE_KEYS):
        return empty, f"{path}: not a fetch state; starting a new one"
    return {key: data.get(key, {}) for key in _STATE_KEYS}, None


def save_state(state_dir: Path, state: dict[str, Any]) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(state_dir / STATE_NAME, text.encode("utf-8"))


def file_name(article: Article) -> str:
    """<host>_<hash>.html: stable, unique per text, and tells where the page came from."""
    host = (urlsplit(article.url).netloc or "web").replace(":", "_")
    return f"{host}_{article.sha256[:12]}.html"


@dataclass(frozen=True)
class Kept:
    article: Article
    name: str  # file name in the sources folder


def _record(kept: Kept, fetched_at: dt.datetime) -> Any:
    import tomlkit

    a = kept.article
    table = tomlkit.table()
    if a.title:
        table["title"] = a.title
    if a.publisher:
        table["publisher"] = a.publisher
    if a.published:
        table["published"] = a.published
    table["url"] = a.url
    if a.encoding:
        table["encoding"] = a.encoding
    table["fetched_at"] = fetched_at
    table["sha256"] = a.sha256
    return table


def store_articles(folder: Path, toml_path: Path, kept: list[Kept], fetched_at: dt.datetime) -> None:
    """Write the pages, then sources.toml. A failure removes the pages written here and leaves
    sources.toml as it was."""
    import tomlkit

    try:
        original = toml_path.read_bytes().decode("utf-8-sig") if toml_path.exists() else _NEW_SOURCES_TOML
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"cannot read: {exc}", path=toml_path) from None
    doc = tomlkit.parse(original)
    written: list[Path] = []
    try:
        for k in kept:
            target = folder / k.name
            if not target.exists():  # the same text under the same name: already there
                write_atomic(target, k.article.html)
                written.append(target)
            doc[k.name] = _record(k, fetched_at)
        write_atomic(toml_path, tomlkit.dumps(doc).encode("utf-8"))
    except OutputError:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def recorded(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """From sources.toml as read: (sha256 -> file, url -> file) of the documents it lists."""
    hashes: dict[str, str] = {}
    urls: dict[str, str] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        if isinstance(table.get("sha256"), str):
            hashes[table["sha256"]] = name
        if isinstance(table.get("url"), str):
            urls[table["url"]] = name
    return hashes, urls
