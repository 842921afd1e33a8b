"""The article links a followed feed offers: the entries of an RSS/Atom feed
(feedparser) or the article links of an HTML list page (lxml), first ones first."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from briefgen.fetch.article import page_charset
from briefgen.fetch.client import Reply
from briefgen.sources import decode_text

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_FEED_START = re.compile(rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]", re.S)
# links around the article list, not in it
_FURNITURE = ("nav", "header", "footer", "aside", "script", "style", "noscript", "form")
_TITLE_MIN = 6  # characters: 首页, 政务公开, 联系我们 are menu items; article titles are longer


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    published: dt.date | None = None  # the date the feed gives, if any


def is_feed(reply: Reply) -> bool:
    return reply.content_type in _FEED_TYPES or bool(_FEED_START.match(reply.body[:2048]))


def links_in(reply: Reply, limit: int) -> tuple[Link, ...]:
    links = _feed_links(reply) if is_feed(reply) else _page_links(reply)
    seen: set[str] = set()
    unique = []
    for link in links:
        if link.url not in seen and link.url != reply.url:
            seen.add(link.url)
            unique.append(link)
    return tuple(unique[:limit])


def _feed_links(reply: Reply) -> list[Link]:
    import feedparser

    parsed = feedparser.parse(reply.body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if not href:
            continue
        url = urldefrag(urljoin(reply.url, href)).url
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(when.tm_year, when.tm_mon, when.tm_mday) if when else None
        links.append(Link(url, " ".join(str(entry.get("title", "")).split()), published))
    return links


def _page_links(reply: Reply) -> list[Link]:
    from lxml import html as lxml_html

    try:
        page, _ = decode_text(reply.body, declared=page_charset(reply))
        root = lxml_html.document_fromstring(
            page.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except Exception:  # not decodable or not markup: a page without links
        return []
    for el in root.iter(*_FURNITURE):
        el.drop_tree()
    base = root.find(".//base[@href]")
    base_url = urljoin(reply.url, base.get("href")) if base is not None else reply.url
    links = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        title = " ".join(a.text_content().split()) or " ".join((a.get("title") or "").split())
        if not href or len(title) < _TITLE_MIN:
            continue
        url = urldefrag(urljoin(base_url, href)).url
        if urlsplit(url).scheme in ("http", "https"):
            links.append(Link(url, title))
    return links
