"""`briefgen fetch` against a real HTTP server on loopback (tests/data/fetch/site.py):
feeds, a list page, encodings, dates, robots.txt, retries, timeouts, limits, dedupe,
conditional requests, and what is written (pages as served, records in sources.toml)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import load_config
from briefgen.sources import read_sources
from tests.data.fetch.site import Answer, Site, article_page, atom, http_date, page, realworld, rss

runner = CliRunner()

YUXI = realworld("dev/r05_yuxi_parks_q1_webpage.txt")  # UTF-8, date in a meta tag
LINYI = realworld("dev/r06_linyi_etdz_upgrade_webpage.txt")  # GBK without meta charset, dateline
SHANGRAO = realworld("dev/r04_shangrao_parks_jan_jul.txt")  # matches no word: skipped
CIHU = realworld("dev/r13_cihu_gxq_signing.txt")  # GBK with meta charset, from the list page
CHUXIONG = realworld("dev2/h01_chuxiong_gaoxinqu_1to9.txt")  # from the list page, relative link
JINTAN = realworld("dev/r07_jintan_etdz_multiyear.txt")  # fails twice, then works
GAOYOU = realworld("dev2/h03_gaoyou_kaifaqu_30nian.txt")  # a [[page]]: kept whatever it mentions

SOURCES_TOML = """\
# my sources — this comment and the table below stay as they are
park = "安义高新技术产业园区"

["old.txt"]
title = "手工保存的文章"  # a hand-written record

[[feed]]
url = "{rss}"
match = ["玉溪", "临沂"]

[[feed]]
url = "{atom}"
match = ["金坛", "高新区"]

[[feed]]
url = "{list}"
match = ["慈湖", "楚雄"]
limit = 10

[[page]]
url = "{page}"
"""


def _body(title_text: tuple[str, str]) -> str:
    # the realworld files start with the title (or a dateline); the page prints its own
    return title_text[1]


def awkward_site() -> Site:
    flaky_answers = {1: "drop", 2: Answer(503, b"busy")}
    linyi_gbk = article_page(
        LINYI[0], _body(LINYI), charset=None, dateline="时间:2011-04-02 11:43:44 来源:中国农资供销网"
    )
    routes = {
        "/robots.txt": page("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/rss.xml": lambda n: Answer(
            200,
            rss(
                "",
                [
                    (YUXI[0], "/news/yuxi.html", "Thu, 04 May 2017 08:00:00 +0800"),
                    (LINYI[0], "news/linyi.html", ""),  # relative to the feed
                    (LINYI[0], "/news/linyi-copy.html", ""),  # the same article at a second URL
                    (SHANGRAO[0], "/news/shangrao.html", ""),
                    ("内部资料", "/private/secret.html", ""),
                    ("1-7月统计报表", "/files/report.pdf", ""),
                ],
            ).encode("utf-8"),
            {"Content-Type": "application/rss+xml; charset=utf-8"},
            etag='"rss-1"',
        ),
        "/atom.xml": lambda n: Answer(
            200,
            atom(
                "",
                [
                    (JINTAN[0], "/news/jintan.html"),
                    ("慢", "/slow.html"),
                    ("循环", "/loop.html"),
                    ("大", "/big.html"),
                ],
            ).encode("utf-8"),
            {"Content-Type": "application/atom+xml"},
            last_modified=http_date(1714521600),
        ),
        "/list/index.html": lambda n: Answer(
            200,
            LIST_PAGE.encode("gb18030"),
            {"Content-Type": "text/html"},  # the charset is in the page only
            etag='W/"list-7"',
        ),
        "/news/yuxi.html": page(
            article_page(
                YUXI[0],
                _body(YUXI),
                head='<meta name="PubDate" content="2017-05-04 08:30">'
                '<meta property="og:site_name" content="玉溪日报">',
            )
        ),
        "/news/linyi.html": page(linyi_gbk.encode("gb18030"), content_type="text/html; charset=GBK"),
        "/news/linyi-copy.html": page(linyi_gbk.encode("gb18030"), content_type="text/html; charset=GBK"),
        "/news/shangrao.html": page(article_page(SHANGRAO[0], _body(SHANGRAO))),
        "/private/secret.html": page(article_page(YUXI[0], _body(YUXI))),
        "/files/report.pdf": page(b"%PDF-1.4\n%\xe2\xe3\n", content_type="application/pdf"),
        "/news/jintan.html": lambda n: (
            flaky_answers.get(n)
            or Answer(
                200, article_page(JINTAN[0], _body(JINTAN)).encode("utf-8"), {"Content-Type": "text/html"}
            )
        ),
        "/slow.html": lambda n: "hang",
        "/loop.html": lambda n: Answer(302, b"", {"Location": "/loop.html"}),
        "/big.html": lambda n: Answer(
            200,
            b"<html><body><p>" + "园区".encode() * 400_000 + b"</p></body></html>",
            {"Content-Type": "text/html"},
            chunked_size=True,
        ),
        "/list/detail/chuxiong.html": page(article_page(CHUXIONG[0], _body(CHUXIONG))),
        "/news/cihu.html": page(
            article_page(CIHU[0], _body(CIHU), charset="gb2312").encode("gb18030"), content_type="text/html"
        ),
        "/gaoyou.html": page(article_page(GAOYOU[0], _body(GAOYOU))),
    }
    return Site(routes)


LIST_PAGE = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>园区动态</title></head><body>
<header><a href="/">首页</a><a href="/list/index.html">园区动态列表页面</a></header>
<ul class="list">
<li><a href="../news/cihu.html">{CIHU[0]}</a> 2024-05-01</li>
<li><a href="detail/chuxiong.html">{CHUXIONG[0]}</a> 2024-04-28</li>
<li><a href="mailto:office@example.gov.cn">给我们写信（政务服务信箱）</a></li>
<li><a href="javascript:void(0)">打印本页面的全部内容</a></li>
</ul>
<footer><a href="/about.html">关于我们网站的版权声明</a></footer>
</body></html>"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "old.txt").write_text("2022年园区工业总产值410亿元。", encoding="utf-8")
    (tmp_path / "briefgen.toml").write_text(
        '[fetch]\ncontact = "brief-office@example.org"\nrate = 200\ntimeout = 0.5\nretries = 2\n'
        "backoff = 0.01\nmax_page_mb = 0.5\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.fixture
def site(project):
    with awkward_site() as s:
        toml = SOURCES_TOML.format(
            rss=s.url("/rss.xml"),
            atom=s.url("/atom.xml"),
            list=s.url("/list/index.html"),
            page=s.url("/gaoyou.html"),
        )
        (project / "seeds" / "sources.toml").write_text(toml, encoding="utf-8")
        yield s


def _fetch(*args: str):
    result = runner.invoke(app, ["fetch", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_fetch_keeps_the_relevant_new_articles_and_says_why_for_the_others(project, site):
    summary = _fetch()
    kept = {o["url"].rsplit("/", 1)[1]: o["file"] for o in summary["kept"]}
    assert set(kept) == {
        "yuxi.html",
        "linyi.html",
        "jintan.html",
        "cihu.html",
        "chuxiong.html",
        "gaoyou.html",
    }
    why = {
        o["url"].rsplit("/", 1)[1]: o["why"]
        for o in summary["skipped"] + summary["failed"] + summary["duplicates"]
    }
    assert why["linyi-copy.html"] == f"same text as {kept['linyi.html']}"
    assert why["shangrao.html"].startswith("does not mention 玉溪")
    assert why["report.pdf"] == "not a web page (application/pdf)"
    assert why["secret.html"] == "disallowed by the site's robots.txt"
    assert why["slow.html"].startswith("no answer within 0.5 s; tried again next run")
    assert why["loop.html"].startswith("more than 5 redirects")
    assert why["big.html"] == "more than 0.5 MB (the limit, [fetch] max_page_mb)"  # no Content-Length
    assert len(why) == 7  # mailto:, javascript: and menu links of the list page are no articles
    # robots.txt honoured, asked once; the User-Agent names briefgen and the contact
    assert site.requests_to("/private/secret.html") == []
    assert len(site.requests_to("/robots.txt")) == 1
    assert all("briefgen/" in h.headers["User-Agent"] for h in site.hits)
    assert all("brief-office@example.org" in h.headers["User-Agent"] for h in site.hits)
    # the page that dropped the connection, then answered 503, came on the third try
    assert [h.status for h in site.requests_to("/news/jintan.html")] == [0, 503, 200]


def test_fetched_pages_are_stored_as_served_and_recorded_in_sources_toml(project, site):
    summary = _fetch()
    kept = {o["url"].rsplit("/", 1)[1]: o["file"] for o in summary["kept"]}
    seeds = project / "seeds"
    assert (seeds / kept["linyi.html"]).read_bytes() == site.routes["/news/linyi.html"](
        1
    ).body  # GBK as served
    text = (seeds / "sources.toml").read_text(encoding="utf-8")
    assert text.startswith("# my sources — this comment and the table below stay as they are\n")
    assert 'title = "手工保存的文章"  # a hand-written record' in text
    records = tomllib.loads(text)
    yuxi, linyi = records[kept["yuxi.html"]], records[kept["linyi.html"]]
    assert yuxi["url"] == site.url("/news/yuxi.html")
    assert yuxi["title"] == YUXI[0] and yuxi["publisher"] == "玉溪日报"
    assert str(yuxi["published"]) == "2017-05-04"  # from <meta name="PubDate">
    assert str(linyi["published"]) == "2011-04-02"  # from the visible dateline 时间:2011-04-02
    assert linyi["encoding"] == "gb18030"  # the page names no charset: the record does
    assert "encoding" not in records[kept["cihu.html"]]  # <meta charset=gb2312> says it
    assert records[kept["cihu.html"]]["url"] == site.url("/news/cihu.html")  # relative link resolved
    # a dateline opening the text (2023-11-22 18:56:23 作者: 来源:今日高邮); no date given: none written
    assert str(records[kept["gaoyou.html"]]["published"]) == "2023-11-22"
    assert "published" not in records[kept["cihu.html"]]
    for name in kept.values():
        assert len(records[name]["sha256"]) == 64 and records[name]["fetched_at"].tzinfo is not None
    # build reads them like any other source: text decoded, dates from the records
    docs = {d.name: d for d in read_sources(load_config()).documents}
    assert "完成工业总产值227.5亿元" in docs[kept["yuxi.html"]].original
    assert "临沂经济技术开发区实现业务总收入420亿元" in docs[kept["linyi.html"]].original
    assert "总投资额64.6亿元" in docs[kept["cihu.html"]].original
    assert str(docs[kept["linyi.html"]].meta.published) == "2011-04-02"
    assert docs[kept["linyi.html"]].sha256 == records[kept["linyi.html"]]["sha256"]


def test_second_fetch_asks_each_feed_conditionally_and_changes_nothing(project, site):
    _fetch()
    before = _tree(project / "seeds")
    site.hits.clear()
    summary = _fetch()
    assert summary["kept"] == []
    assert _tree(project / "seeds") == before
    feeds = ("/rss.xml", "/atom.xml", "/list/index.html")
    asked = [h.path for h in site.hits]
    # one conditional request per feed, answered 304; robots.txt from the cache; only the
    # page that timed out is tried again (it is given up after three runs)
    assert sorted(asked) == sorted([*feeds, "/slow.html", "/slow.html", "/slow.html"])
    assert site.requests_to("/rss.xml")[0].headers["If-None-Match"] == '"rss-1"'
    assert site.requests_to("/list/index.html")[0].headers["If-None-Match"] == 'W/"list-7"'
    assert "If-Modified-Since" in site.requests_to("/atom.xml")[0].headers
    assert {h.status for h in site.hits if h.path in feeds} == {304}
    third = _fetch()
    assert [o["why"] for o in third["failed"]] == ["no answer within 0.5 s; gave up after 3 runs"]
    site.hits.clear()
    _fetch()
    assert sorted(h.path for h in site.hits) == sorted(feeds)


def test_dry_run_lists_what_would_be_fetched_and_changes_nothing(project, site):
    before = _tree(project / "seeds")
    result = runner.invoke(app, ["fetch", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"would fetch {site.url('/news/yuxi.html')}" in result.stdout
    assert result.stdout.rstrip().endswith("request(s) sent)")
    assert "dry run: would fetch 12 page(s)" in result.stdout  # 13 links, one disallowed by robots.txt
    assert (
        f"skipped     {site.url('/private/secret.html')}  disallowed by the site's robots.txt"
        in result.stdout
    )
    assert _tree(project / "seeds") == before
    assert not (project / "out" / ".briefgen" / "fetch.json").exists()
    assert all(not h.path.startswith(("/news/", "/list/detail/")) for h in site.hits)


def test_a_feed_that_cannot_be_reached_is_an_error_and_leaves_everything(project, site, monkeypatch):
    _fetch()
    before = _tree(project / "seeds")
    state = (project / "out" / ".briefgen" / "fetch.json").read_bytes()
    site.__exit__()  # the whole site goes away
    result = runner.invoke(app, ["fetch"])
    assert result.exit_code == 9
    assert result.stderr.startswith(
        f"Error: could not reach any followed feed or page ({site.url('/rss.xml')}: "
        "connection refused or host unreachable); "
    )
    assert "sources and the brief are left as they were" in result.stderr
    assert _tree(project / "seeds") == before
    assert (project / "out" / ".briefgen" / "fetch.json").read_bytes() == state


class _Clock:
    """Time that passes only when the client sleeps: the waits it asks for, exactly."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.mark.parametrize(("robots", "gap"), [("", 0.2), ("User-agent: *\nCrawl-delay: 3\n", 3.0)])
def test_requests_to_one_host_wait_for_the_rate_or_the_crawl_delay(robots, gap):
    from briefgen.config import FetchConfig
    from briefgen.fetch.client import Client

    routes = {
        "/robots.txt": (lambda n: Answer(200, robots.encode(), {"Content-Type": "text/plain"}))
        if robots
        else (lambda n: Answer(404)),
        "/a.html": page("<html><body><p>a</p></body></html>"),
        "/b.html": page("<html><body><p>b</p></body></html>"),
    }
    fake = _Clock()
    with Site(routes) as s, Site(routes, host="127.0.0.2") as other:
        client = Client(FetchConfig(rate=5), {}, clock=fake.clock, sleep=fake.sleep)
        for url in (s.url("/a.html"), other.url("/a.html"), s.url("/b.html")):
            assert client.get(url).status == 200
        client.close()
    # each host: robots.txt, then a.html one gap later; b.html needs no wait of its own, as
    # the gap of the other host's a.html has passed meanwhile (1/rate = 0.2 s, or Crawl-delay)
    assert [h.path for h in s.hits] == ["/robots.txt", "/a.html", "/b.html"]
    assert fake.sleeps == [gap, gap]


def test_http_proxy_from_the_environment_is_used(project, monkeypatch):
    with Site(
        {"/robots.txt": lambda n: Answer(404), "/x.html": page(article_page(CIHU[0], _body(CIHU)))}
    ) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url(""))
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        (project / "seeds" / "sources.toml").write_text(
            '[[page]]\nurl = "http://news.park-example.invalid/x.html"\n', encoding="utf-8"
        )
        summary = _fetch()
    assert [o["url"] for o in summary["kept"]] == ["http://news.park-example.invalid/x.html"]
    assert {h.host for h in proxy.hits} == {"news.park-example.invalid"}  # through the proxy


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('[[feed]]\nurl = "ftp://example.org/x"\n', "'feed[0].url' must be an http:// or https:// address"),
        ('[[feed]]\nurl = "http://example.org/"\nlimit = 0\n', "'feed[0].limit' must be a whole number >= 1"),
        (
            '[[page]]\nurl = "http://example.org/"\nmatch = ["x"]\n',
            "unknown key 'page[0].match' (known: url)",
        ),
        ('[[feed]]\nurl = "http://example.org/"\n', "keeps only articles about the park: set match"),
    ],
)
def test_a_wrong_follow_entry_is_one_error_naming_sources_toml(project, entry, message):
    (project / "seeds" / "sources.toml").write_text(entry, encoding="utf-8")
    result = runner.invoke(app, ["fetch"])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {project / 'seeds' / 'sources.toml'}: ")
    assert message in result.stderr


def test_nothing_to_follow_is_said_and_is_no_error(project):
    result = runner.invoke(app, ["fetch"])
    assert result.exit_code == 0
    assert "nothing to follow" in result.stderr


def test_fetch_settings_are_checked(project):
    (project / "briefgen.toml").write_text("[fetch]\nrate = 0\n", encoding="utf-8")
    result = runner.invoke(app, ["fetch"])
    assert result.exit_code == 2
    assert "'fetch.rate' must be a positive number" in result.stderr
