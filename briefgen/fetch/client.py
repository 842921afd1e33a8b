"""One polite HTTP client for `briefgen fetch`.

requests does the HTTP (proxies from HTTP_PROXY/HTTPS_PROXY/NO_PROXY, redirects,
TLS with certifi) and urllib3's ``Retry`` the retries: 5xx answers and dropped
or timed-out connections are tried again after growing waits, honouring a
``Retry-After``. On top of them, what a crawler owes a site: its robots.txt
(urllib.robotparser, cached a day), at most ``rate`` requests a second per host
(or the site's Crawl-delay), a User-Agent naming briefgen and a contact, a size
limit checked while the body streams, and conditional requests.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from briefgen import __version__
from briefgen.config import FetchConfig

ROBOTS_MAX_AGE = dt.timedelta(days=1)  # as the big crawlers do: robots.txt is read once a day
MAX_REDIRECTS = 5
AGENT_TOKEN = "briefgen"


class FetchFailed(Exception):
    """One URL could not be had. ``transient``: worth trying again on a later run."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.transient = transient


class Disallowed(FetchFailed):
    """The site's robots.txt asks crawlers to keep off this URL."""

    def __init__(self) -> None:
        super().__init__("disallowed by the site's robots.txt", transient=False)


@dataclass(frozen=True)
class Reply:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes
    content_type: str  # "text/html", lower case, without parameters
    charset: str | None  # from the Content-Type header
    etag: str | None
    last_modified: str | None


def user_agent(contact: str) -> str:
    return f"{AGENT_TOKEN}/{__version__} (+{contact})" if contact else f"{AGENT_TOKEN}/{__version__}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Client:
    """``robots`` is the cache kept in the fetch state: origin -> {fetched, text}."""

    def __init__(
        self,
        settings: FetchConfig,
        robots: dict[str, Any],
        *,
        now: Callable[[], dt.datetime] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.settings = settings
        self.robots = robots
        self.requests = 0  # sent, robots.txt included (the benchmark counts them)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._clock, self._sleep = clock, sleep
        self._last: dict[str, float] = {}  # host -> when its last request went out
        self._parsers: dict[str, RobotFileParser | None] = {}
        self._robots_failed: dict[str, FetchFailed] = {}  # origin -> why its robots.txt could not be read
        retry = Retry(
            total=settings.retries,
            connect=settings.retries,
            read=settings.retries,
            status=settings.retries,
            other=0,
            redirect=False,  # requests follows redirects itself (max_redirects)
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET"}),
            backoff_factor=settings.backoff / 2,  # urllib3 waits factor * 2**(n-1): backoff, 2x, 4x…
            raise_on_status=False,  # the last 5xx comes back as an answer, reported below
            respect_retry_after_header=True,
        )
        self._session = requests.Session()  # trust_env: HTTP(S)_PROXY and NO_PROXY are honoured
        self._session.max_redirects = MAX_REDIRECTS
        adapter = HTTPAdapter(max_retries=retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers.update(
            {
                "User-Agent": user_agent(settings.contact),
                "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            }
        )

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------------ robots.txt

    def allowed(self, url: str) -> bool:
        parser = self._robots(_origin(url))
        return parser is None or parser.can_fetch(AGENT_TOKEN, url)

    def _robots(self, origin: str) -> RobotFileParser | None:
        """None = everything allowed (no robots.txt). Raises FetchFailed when the site's
        robots.txt cannot be read (the site is down): nothing is asked of it this run."""
        if origin in self._parsers:
            return self._parsers[origin]
        if origin in self._robots_failed:
            raise self._robots_failed[origin]
        cached = self.robots.get(origin)
        fresh = False
        if isinstance(cached, dict) and isinstance(cached.get("fetched"), str):
            try:
                fresh = self._now() - dt.datetime.fromisoformat(cached["fetched"]) < ROBOTS_MAX_AGE
            except ValueError:
                fresh = False
        if not fresh:
            try:
                text = self._download_robots(origin)
            except FetchFailed as exc:
                self._robots_failed[origin] = exc
                raise
            cached = {"fetched": self._now().isoformat(timespec="seconds"), "text": text}
            self.robots[origin] = cached
        text = cached.get("text") if isinstance(cached, dict) else None
        parser: RobotFileParser | None = None
        if isinstance(text, str):
            parser = RobotFileParser()
            parser.parse(text.splitlines())
        self._parsers[origin] = parser
        return parser

    def _download_robots(self, origin: str) -> str | None:
        """The robots.txt text; None when the site has none (4xx: all allowed, RFC 9309).
        An unreachable or failing one (5xx, timeout) means 'ask nothing' for now: FetchFailed."""
        try:
            reply = self._get(urljoin(origin, "/robots.txt"), {}, limit=512 * 1024)
        except FetchFailed as exc:
            if str(exc).startswith("HTTP 4"):
                return None
            raise FetchFailed(f"{exc} (reading robots.txt)", transient=True) from None
        return reply.body.decode("utf-8", "replace")

    def crawl_delay(self, url: str) -> float:
        parser = self._robots(_origin(url))
        delay = parser.crawl_delay(AGENT_TOKEN) if parser is not None else None
        return float(delay) if delay else 0.0

    # ------------------------------------------------------------------ GET

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Reply:
        """GET ``url`` (after checking robots.txt); 304 when the conditional headers match."""
        if not self.allowed(url):
            raise Disallowed()
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, limit=int(self.settings.max_page_mb * 1024 * 1024))

    def _pace(self, url: str) -> None:
        """Wait until this host may be asked again."""
        host = urlsplit(url).netloc
        gap = max(1.0 / self.settings.rate, self.crawl_delay(url) if not url.endswith("/robots.txt") else 0.0)
        last = self._last.get(host)
        if last is not None:
            wait = last + gap - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _get(self, url: str, headers: dict[str, str], *, limit: int) -> Reply:
        import requests

        self._pace(url)
        self.requests += 1
        timeout = self.settings.timeout
        try:
            with self._session.get(url, headers=headers, timeout=(timeout, timeout), stream=True) as r:
                if r.status_code == 304:
                    return self._reply(r, b"")
                if r.status_code >= 400:
                    transient = r.status_code >= 500 or r.status_code in (408, 429)
                    raise FetchFailed(f"HTTP {r.status_code} {r.reason or ''}".strip(), transient=transient)
                declared = r.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchFailed(f"{_mb(int(declared))} is over the {_mb(limit)} limit", transient=False)
                body = self._read(r, limit)
                return self._reply(r, body)
        except requests.TooManyRedirects:
            raise FetchFailed(
                f"more than {MAX_REDIRECTS} redirects (a redirect loop?)", transient=False
            ) from None
        except requests.Timeout:
            raise FetchFailed(f"no answer within {timeout:g} s", transient=True) from None
        except requests.exceptions.RetryError as exc:
            raise FetchFailed(
                f"gave up after {self.settings.retries} retries ({exc})", transient=True
            ) from None
        except requests.ConnectionError as exc:
            raise _connection_failed(exc, timeout) from None
        except requests.RequestException as exc:
            raise FetchFailed(f"{type(exc).__name__}: {_short(exc)}", transient=True) from None

    def _read(self, r: Any, limit: int) -> bytes:
        """The body, refused as soon as it passes ``limit``; a trickle may take at most
        a few timeouts in all."""
        started = self._clock()
        chunks: list[bytes] = []
        size = 0
        for chunk in r.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchFailed(f"more than {_mb(limit)} (the limit, [fetch] max_page_mb)", transient=False)
            if self._clock() - started > 4 * self.settings.timeout:
                raise FetchFailed("the page came too slowly", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _reply(r: Any, body: bytes) -> Reply:
        raw = r.headers.get("Content-Type", "")
        header = Message()
        header["content-type"] = raw
        charset = header.get_param("charset") if raw else None
        return Reply(
            url=r.url,
            status=r.status_code,
            body=body,
            content_type=header.get_content_type() if raw else "",
            charset=charset if isinstance(charset, str) else None,
            etag=r.headers.get("ETag"),
            last_modified=r.headers.get("Last-Modified"),
        )


def _connection_failed(exc: Exception, timeout: float) -> FetchFailed:
    """requests wraps urllib3's last error (after the retries) in a ConnectionError: say what it was."""
    from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError, TimeoutError

    reason: object = exc.args[0] if exc.args else exc
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    if isinstance(reason, NewConnectionError):  # before TimeoutError: urllib3 makes it a subclass
        return FetchFailed("connection refused or host unreachable", transient=True)
    if isinstance(reason, TimeoutError):
        return FetchFailed(f"no answer within {timeout:g} s", transient=True)
    if isinstance(reason, ProtocolError):
        return FetchFailed("the connection was dropped", transient=True)
    return FetchFailed(f"connection failed ({_short(reason)})", transient=True)  # type: ignore[arg-type]


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _short(exc: object) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "…"
