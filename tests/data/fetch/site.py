"""A small web site on loopback for the fetch tests and benchmark: real Chinese
articles (tests/data/realworld, seeds) as web pages in UTF-8 and GBK, RSS and
Atom feeds, an HTML list page with relative links, and the awkward cases a
crawler meets (a 304, a page failing twice, a hanging page, robots.txt, a
redirect loop, an oversized page, a PDF link, the same article at two URLs).

It is a real threaded HTTP server (http.server); it also answers proxy requests
(an absolute URL in the request line), so HTTP_PROXY can point at it."""

from __future__ import annotations

import contextlib
import email.utils
import html
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[3]
REALWORLD = REPO / "tests" / "data" / "realworld"


def realworld(name: str) -> tuple[str, str]:
    """(title, text) of a real article of tests/data/realworld (``dev/r05_…txt``)."""
    path = REALWORLD / name
    meta = tomllib.loads((path.parent / "sources.toml").read_text(encoding="utf-8"))
    return meta[path.name]["title"], path.read_text(encoding="utf-8")


def article_page(
    title: str, text: str, *, charset: str | None = "utf-8", head: str = "", dateline: str = ""
) -> str:
    """An article page as news sites make them: menus, a dateline, the body, a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in text.splitlines() if p.strip())
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{html.escape(title)}</title>{head}</head>
<body>
<nav><a href="/">首页</a> <a href="/list/index.html">园区动态</a> <a href="/about.html">关于我们</a></nav>
<div class="article">
<h1>{html.escape(title)}</h1>
<div class="info">{html.escape(dateline)}</div>
<div class="content">
{paragraphs}
</div>
</div>
<footer>版权所有 主办单位：示例网站 联系我们</footer>
</body></html>
"""


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers 304 to a matching If-None-Match
    last_modified: str | None = None  # answers 304 to a matching If-Modified-Since
    chunked_size: bool = False  # no Content-Length: the end of the body is the closed connection


Route = Callable[[int], "Answer | str"]  # the n-th request (1, 2…) -> an answer, or "hang" / "drop"


@dataclass(frozen=True)
class Hit:
    path: str
    host: str
    headers: dict[str, str]
    at: float  # time.monotonic()
    status: int  # what was answered (0: dropped or hung)


class Site:
    """``with Site(routes) as site:`` serves ``routes`` (path -> Route) on 127.0.0.1 (or
    another loopback address: 127.0.0.2… are other hosts to a client)."""

    def __init__(self, routes: dict[str, Route], host: str = "127.0.0.1") -> None:
        self.routes = routes
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                site._answer(self)

        self.host = host
        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # wakes hanging answers
        self.server.shutdown()
        self.server.server_close()

    def requests_to(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        target = urlsplit(handler.path)  # a proxy request carries the whole URL
        path = target.path or "/"
        host = target.netloc or handler.headers.get("Host", "")
        with self._lock:
            self._counts[path] = n = self._counts.get(path, 0) + 1
        route = self.routes.get(path)
        answer = route(n) if route else Answer(404, b"not found")
        headers = {k: v for k, v in handler.headers.items()}
        if answer == "hang":
            self._record(path, host, headers, 0)
            self._stop.wait(5)
            return
        if answer == "drop":
            self._record(path, host, headers, 0)
            handler.close_connection = True
            handler.connection.close()
            return
        assert isinstance(answer, Answer)
        not_modified = (answer.etag and handler.headers.get("If-None-Match") == answer.etag) or (
            answer.last_modified and handler.headers.get("If-Modified-Since") == answer.last_modified
        )
        status = 304 if not_modified else answer.status
        self._record(path, host, headers, status)
        handler.send_response(status)
        for key, value in answer.headers.items():
            handler.send_header(key, value)
        if answer.etag:
            handler.send_header("ETag", answer.etag)
        if answer.last_modified:
            handler.send_header("Last-Modified", answer.last_modified)
        body = b"" if status == 304 else answer.body
        if not answer.chunked_size or status == 304:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (size limit)
            handler.wfile.write(body)

    def _record(self, path: str, host: str, headers: dict[str, str], status: int) -> None:
        with self._lock:
            self.hits.append(Hit(path, host, headers, time.monotonic(), status))


def page(body: str | bytes, *, content_type: str = "text/html; charset=utf-8", **kw: object) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda n: Answer(200, data, {"Content-Type": content_type}, **kw)  # type: ignore[arg-type]


def rss(site_url: str, items: list[tuple[str, str, str]]) -> str:
    """(title, link, pubDate) items; links may be relative."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        + (f"<pubDate>{d}</pubDate>" if d else "")
        + "</item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>园区新闻</title><link>{site_url}/</link><description>示例</description>{entries}"
        "</channel></rss>"
    )


def atom(site_url: str, entries: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/>'
        f"<id>{html.escape(site_url + link)}</id><updated>2024-05-01T08:00:00+08:00</updated></entry>"
        for t, link in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>统计信息</title><id>{site_url}/atom.xml</id><updated>2024-05-01T08:00:00+08:00</updated>"
        f"{body}</feed>"
    )


def http_date(epoch: float) -> str:
    return email.utils.formatdate(epoch, usegmt=True)
