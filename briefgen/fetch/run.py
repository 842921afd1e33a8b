"""`briefgen fetch`: download what is new and relevant from the feeds and pages
sources.toml follows, and store it as sources `build` reads like any other.

A second run with nothing new costs one conditional request per feed: a feed
that answers 304 reuses the links it listed last time, and a link already
decided (kept, skipped, a duplicate) is not requested again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.config import Config, read_toml
from briefgen.errors import BriefgenError, SourceError
from briefgen.fetch.article import NotAnArticle, mentions, read_article
from briefgen.fetch.client import Client, Disallowed, FetchFailed
from briefgen.fetch.follow import Feed, FollowList, parse_follow
from briefgen.fetch.links import Link, links_in
from briefgen.fetch.store import Kept, file_name, load_state, recorded, save_state, store_articles
from briefgen.sources import SOURCES_TOML

GIVE_UP_AFTER = 3  # runs in a row a link failed (timeouts, 5xx) before it is no longer tried


class FetchError(BriefgenError):
    """Nothing could be fetched: every followed feed and page failed."""

    exit_code = 9


@dataclass(frozen=True)
class Outcome:
    url: str
    status: str  # kept | skipped | duplicate | failed | would fetch | feed
    detail: str = ""
    file: str | None = None


@dataclass(frozen=True)
class FetchResult:
    outcomes: tuple[Outcome, ...]
    requests: int  # HTTP requests sent, robots.txt included
    dry_run: bool
    notes: tuple[str, ...] = ()

    def of(self, status: str) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status == status)

    @property
    def changed(self) -> bool:
        return bool(self.of("kept")) and not self.dry_run


@dataclass
class _Run:
    """One fetch run's working state; written out only if it ends well."""

    client: Client
    state: dict[str, Any]
    hashes: dict[str, str]  # sha256 -> file, of every source recorded or kept in this run
    urls: dict[str, str]  # url -> file, the same
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    reached: int = 0  # feeds and pages that answered
    tried: int = 0
    first_failure: str = ""

    def feed(self, feed: Feed, words: tuple[str, ...]) -> None:
        known = self.state["feeds"].get(feed.url, {})
        self.tried += 1
        try:
            reply = self.client.get(
                feed.url, etag=known.get("etag"), last_modified=known.get("last_modified")
            )
        except FetchFailed as exc:
            self._failed_source(feed.url, str(exc))
            return
        self.reached += 1
        if reply.status == 304:
            links = tuple(_restored(link) for link in known.get("links", ()) if isinstance(link, dict))
            self.outcomes.append(Outcome(feed.url, "feed", "not modified (304)"))
        else:
            links = links_in(reply, feed.limit)
            self.outcomes.append(Outcome(feed.url, "feed", f"{len(links)} link(s)"))
            if not self.dry_run:
                self.state["feeds"][feed.url] = {
                    "etag": reply.etag,
                    "last_modified": reply.last_modified,
                    "links": [_stored(li) for li in links],
                }
        for link in links:
            self.article(link, words)

    def page(self, url: str) -> None:
        if self._decided(url):
            return
        self.tried += 1
        before = len(self.outcomes)
        self.article(Link(url, ""), ())
        if any(o.status != "failed" for o in self.outcomes[before:]):
            self.reached += 1
        elif not self.dry_run:
            self.first_failure = self.first_failure or f"{url}: {self.outcomes[-1].detail}"

    def _decided(self, url: str) -> bool:
        return url in self.state["seen"] or url in self.urls

    def article(self, link: Link, words: tuple[str, ...]) -> None:
        if self._decided(link.url):
            return
        if self.dry_run:
            self.outcomes.append(self._would_fetch(link))
            return
        try:
            reply = self.client.get(link.url)
            article = read_article(reply, feed_title=link.title, feed_date=link.published)
        except Disallowed as exc:  # not remembered: robots.txt may change
            self.outcomes.append(Outcome(link.url, "skipped", str(exc)))
            return
        except FetchFailed as exc:
            self._failed(link.url, str(exc), exc.transient)
            return
        except NotAnArticle as exc:
            self._decide(link.url, "skipped", str(exc))
            return
        if article.url != link.url and self._decided(article.url):  # redirected to a known page
            self._decide(link.url, "duplicate", f"redirects to {article.url}, already fetched")
            return
        same = self.hashes.get(article.sha256)
        if same is not None:
            self._decide(link.url, "duplicate", f"same text as {same}", same)
            return
        if words and not mentions(f"{article.title or ''}\n{article.text}", words):
            self._decide(link.url, "skipped", f"does not mention {' / '.join(words[:3])}")
            return
        kept = Kept(article, file_name(article))
        self.kept.append(kept)
        self.hashes[article.sha256] = self.urls[link.url] = kept.name
        self._decide(link.url, "kept", article.title or "", kept.name)

    def _would_fetch(self, link: Link) -> Outcome:
        """--dry-run: what a real run would download (robots.txt asked, the article not)."""
        try:
            allowed = self.client.allowed(link.url)
        except FetchFailed as exc:
            return Outcome(link.url, "failed", str(exc))
        if not allowed:
            return Outcome(link.url, "skipped", str(Disallowed()))
        return Outcome(link.url, "would fetch", link.title)

    def _decide(self, url: str, status: str, detail: str, file: str | None = None) -> None:
        self.outcomes.append(Outcome(url, status, detail, file))
        self.state["seen"][url] = {"status": status, "detail": detail, **({"file": file} if file else {})}
        self.state["attempts"].pop(url, None)

    def _failed(self, url: str, reason: str, transient: bool) -> None:
        attempts = self.state["attempts"].get(url, 0) + 1
        if transient and attempts < GIVE_UP_AFTER:
            self.state["attempts"][url] = attempts
            self.outcomes.append(Outcome(url, "failed", f"{reason}; tried again next run"))
        else:
            why = f"{reason}; gave up after {attempts} runs" if transient else reason
            self.outcomes.append(Outcome(url, "failed", why))
            self.state["seen"][url] = {"status": "failed", "detail": why}
            self.state["attempts"].pop(url, None)

    def _failed_source(self, url: str, reason: str) -> None:
        self.outcomes.append(Outcome(url, "failed", reason))
        self.first_failure = self.first_failure or f"{url}: {reason}"


def _stored(link: Link) -> dict[str, str | None]:
    return {
        "url": link.url,
        "title": link.title,
        "published": link.published.isoformat() if link.published else None,
    }


def _restored(link: dict[str, Any]) -> Link:
    published = link.get("published")
    try:
        date = dt.date.fromisoformat(published) if isinstance(published, str) else None
    except ValueError:
        date = None
    return Link(str(link.get("url", "")), str(link.get("title", "")), date)


def _match_words(cfg: Config, follow: FollowList, feed: Feed, toml_path: Path) -> tuple[str, ...]:
    if feed.match:
        return feed.match
    park = cfg.park or follow.park
    words = tuple(w for w in (park, *(cfg.aliases or follow.aliases)) if w)
    if not words:
        raise SourceError(
            f"[[feed]] {feed.url} keeps only articles about the park: set match = [...] "
            'or park = "..." in sources.toml',
            path=toml_path,
        )
    return words


def follow_list(cfg: Config) -> tuple[FollowList, dict[str, Any], Path]:
    folder = cfg.sources_dir
    if not folder.is_dir():  # one file as the sources: nothing to store fetched articles beside
        return FollowList((), (), None, ()), {}, folder / SOURCES_TOML
    toml_path = folder / SOURCES_TOML
    data = read_toml(toml_path, SourceError, missing="") if toml_path.is_file() else {}
    return parse_follow(data, toml_path), data, toml_path


def fetch_sources(cfg: Config, *, dry_run: bool = False, client: Client | None = None) -> FetchResult:
    """Fetch under the output folder's lock (a build never reads half-written sources)."""
    from briefgen.lock import BuildLock, state_dir

    follow, data, toml_path = follow_list(cfg)
    if not follow:
        return FetchResult((), 0, dry_run, ("nothing to follow: sources.toml has no [[feed]] or [[page]]",))
    words = {feed.url: _match_words(cfg, follow, feed, toml_path) for feed in follow.feeds}
    with BuildLock(cfg.out_dir):
        state, note = load_state(state_dir(cfg.out_dir))
        hashes, urls = recorded(data)
        client = client or Client(cfg.fetch, state["robots"])
        run = _Run(client, state, hashes, urls, dry_run)
        try:
            for feed in follow.feeds:
                run.feed(feed, words[feed.url])
            for page in follow.pages:
                run.page(page.url)
        finally:
            client.close()
        if run.tried and not run.reached:
            raise FetchError(
                f"could not reach any followed feed or page ({run.first_failure}); "
                "sources and the brief are left as they were"
            )
        if not dry_run:
            fetched_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
            if run.kept:
                store_articles(cfg.sources_dir, toml_path, run.kept, fetched_at)
            save_state(state_dir(cfg.out_dir), state)
    notes: tuple[str, ...] = (note,) if note else ()
    if not cfg.fetch.contact:
        notes += (
            'set contact = "you@example.org" under [fetch] in briefgen.toml: sites see it in the User-Agent',
        )
    return FetchResult(tuple(run.outcomes), client.requests, dry_run, notes)


def fetch_and_build(
    cfg: Config, *, on_stage: Any = None, **build_options: Any
) -> tuple[FetchResult, Any, Any]:
    """`build --fetch`: fetch, then build (and mail) under one lock, so no other run sees the
    sources half-updated. A fetch that fails raises before anything is built or sent."""
    from briefgen.lock import BuildLock
    from briefgen.pipeline import run_build

    with BuildLock(cfg.out_dir):
        if on_stage:
            on_stage("fetching new articles")
        fetched = fetch_sources(cfg)
        result, mailed = run_build(cfg, on_stage=on_stage, **build_options)
    return fetched, result, mailed
