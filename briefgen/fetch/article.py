"""A downloaded page -> the article briefgen keeps: its text read exactly as
`build` will read the stored file (sources' HTML reader), its title, site,
publication date (the page's meta tags via htmldate, else its visible dateline),
and the hash of its text that tells the same article at two URLs."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefgen.errors import SourceError
from briefgen.fetch.client import Reply
from briefgen.sources import READERS, clean_line, clean_text, declared_charset, decode_text

# the labels Chinese sites print before a page's date, and the date itself
_DATELINE = re.compile(
    r"(?:(?:发布|发表|发文|更新|成文)?(?:时间|日期)|发布于|来源[^\n]{0,30}?)\s*[:：]?\s*"
    r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
_LEADING_DATE = re.compile(
    r"\s*((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?(?:\s|\d|:|$)"
)
_DATELINE_MAX = 80  # characters: a dateline is a short line of its own, not a sentence of the article
_WEB_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


class NotAnArticle(Exception):
    """The page is not an article briefgen can read (not HTML, no text)."""


@dataclass(frozen=True)
class Article:
    url: str
    html: bytes  # as downloaded: stored as is
    text: str  # what `build` will read from it
    sha256: str  # of ``text``, as sources computes a document's
    title: str | None
    publisher: str | None
    published: dt.date | None  # None = the page does not say; never guessed
    encoding: str | None  # written to sources.toml when the page itself does not declare it


def page_charset(reply: Reply) -> str | None:
    """The page's own meta charset first, then the HTTP header's, as a Python codec."""
    declared = declared_charset(reply.body)
    if declared:
        return declared
    label = (reply.charset or "").lower()
    try:
        return codecs.lookup(_WEB_CHARSETS.get(label, label)).name if label else None
    except LookupError:
        return None


def read_article(reply: Reply, *, feed_title: str = "", feed_date: dt.date | None = None) -> Article:
    if reply.content_type not in ("text/html", "application/xhtml+xml", ""):
        raise NotAnArticle(f"not a web page ({reply.content_type})")
    if not re.search(rb"<(html|body|p|div)[\s>]", reply.body[:65536], re.I):
        raise NotAnArticle("not a web page (no HTML markup)")
    charset = page_charset(reply)
    try:
        page, used = decode_text(reply.body, declared=charset)
    except Exception as exc:  # Undecodable, or binary content served as text/html
        raise NotAnArticle(f"cannot be decoded ({exc})") from None
    # the stored file must decode the same way without the HTTP header: name the encoding
    # in sources.toml when the page does not declare one and it is not UTF-8
    encoding = None
    codec = used.split(" ")[0]
    if declared_charset(reply.body) is None and codecs.lookup(codec).name not in ("utf-8",):
        encoding = codecs.lookup(codec).name
    try:
        read = READERS[".html"](reply.body, encoding)
    except SourceError as exc:
        raise NotAnArticle(str(exc)) from None
    text, _ = clean_text(read.text)
    if not text.strip():
        raise NotAnArticle("no article text on the page")
    return Article(
        url=reply.url,
        html=reply.body,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=clean_line(read.title or "") or clean_line(feed_title) or None,
        publisher=_site_name(page) or urlsplit(reply.url).hostname,
        published=_meta_date(page) or _dateline(page) or feed_date,
        encoding=encoding,
    )


def _site_name(page: str) -> str | None:
    from trafilatura import extract_metadata

    meta = extract_metadata(page)
    name = clean_line(meta.sitename or "") if meta is not None else ""
    return name or None


def _meta_date(page: str) -> dt.date | None:
    """The date in the page's markup (meta tags, <time>, JSON-LD, the URL): htmldate without
    its 'extensive search', which guesses a year's 1 January from a bare year."""
    from htmldate import find_date

    try:
        found = find_date(page, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises on markup it cannot parse
        return None
    return _real_date(*found.split("-")) if found else None


def _dateline(page: str) -> dt.date | None:
    """The date a page prints above its article: 发布时间：2019年10月10日, 时间:2011-04-02 11:43,
    or a short line that starts with the date (2017年05月04日 00:00:00 浏览量:717次)."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(
            page.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except Exception:
        return None
    for el in root.iter("script", "style", "noscript", "nav", "footer"):
        el.drop_tree()
    for el in root.iter("p", "div", "br", "li", "tr", "h1", "h2", "h3", "span", "td"):
        el.tail = "\n" + (el.tail or "")
    for line in root.text_content().splitlines():
        line = line.strip()
        if not line or len(line) > _DATELINE_MAX:
            continue
        m = _DATELINE.search(line) or _LEADING_DATE.match(line)
        if m:
            found = _real_date(*m.groups())
            if found:
                return found
    return None


def _real_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return date if date <= dt.date.today() + dt.timedelta(days=1) else None


def mentions(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` the article contains (traditional and full-width text
    compared in simplified form), else None."""
    simplified = _simplified(text)
    for word in words:
        if word in text or (_simplified(word) and _simplified(word) in simplified):
            return word
    return None


def _simplified(text: str) -> str:
    import unicodedata

    import opencc

    return str(opencc.OpenCC("t2s").convert(unicodedata.normalize("NFKC", text))).strip()
