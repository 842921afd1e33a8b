"""The unattended chain with the web: `briefgen build --fetch` fetches a new article
from a feed on a loopback server, the brief is rebuilt with its figures and 本期更新
lists them; a second run with nothing new sends one conditional request and builds
nothing; a fetch that fails builds nothing and leaves the last brief as it was.

Real parts throughout: the CLI, an HTTP server, the whole pipeline, the PDF read back."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests.data.fetch.site import Answer, Site, article_page, page, realworld, rss
from tests.pdf_helpers import page_texts

pytestmark = pytest.mark.slow
runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
NEW = "001_14a3bcd6bc545aa4.txt"  # a real article on the park: the seeds' second one, published on the web
SHANGRAO = realworld("dev/r04_shangrao_parks_jan_jul.txt")  # on the feed, not about the park


def _seed_project(root: Path, feed_url: str) -> None:
    """The seeds without their second article, and a feed that offers it."""
    seeds = root / "seeds"
    seeds.mkdir()
    for name in ("000_f375bfca49fd402f.txt",):
        shutil.copy(SEEDS / name, seeds / name)
    text = (SEEDS / "sources.toml").read_text(encoding="utf-8")
    head, _, _ = text.partition(f'["{NEW}"]')
    (seeds / "sources.toml").write_text(f'{head}[[feed]]\nurl = "{feed_url}"\n', encoding="utf-8")
    (root / "briefgen.toml").write_text(
        '[fetch]\ncontact = "test@example.org"\nrate = 100\nbackoff = 0.05\n', encoding="utf-8"
    )


@pytest.fixture
def web_project(tmp_path, monkeypatch):
    for var in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    body = (SEEDS / NEW).read_text(encoding="utf-8")
    routes = {
        "/robots.txt": lambda n: Answer(404),
        "/feed.xml": lambda n: Answer(
            200,
            rss(
                "",
                [("安义强工兴产开创高质量发展新天地", "/a/anyi.html", ""), (SHANGRAO[0], "/a/sr.html", "")],
            ).encode(),
            {"Content-Type": "application/rss+xml"},
            etag='"v1"',
        ),
        "/a/anyi.html": page(article_page("安义强工兴产开创高质量发展新天地", body)),
        "/a/sr.html": page(article_page(SHANGRAO[0], SHANGRAO[1])),
    }
    with Site(routes) as site:
        _seed_project(tmp_path, site.url("/feed.xml"))
        monkeypatch.chdir(tmp_path)
        yield tmp_path, site


def _run(*args: str) -> dict:
    result = runner.invoke(app, ["build", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_fetch_then_build_brings_the_new_article_into_the_brief(web_project):
    root, site = web_project
    first = _run()  # the brief from the one article the seeds folder has
    assert first["documents"] == 1

    second = _run("--fetch", "--if-changed")
    fetched = second["fetch"]
    assert [k["url"] for k in fetched["kept"]] == [site.url("/a/anyi.html")]
    assert [s["url"] for s in fetched["skipped"]] == [site.url("/a/sr.html")]
    assert second["changed"] is True and second["documents"] == 2
    assert second["changes"]["new"] + second["changes"]["updated"] > 0
    new_file = fetched["kept"][0]["file"]
    record = tomllib.loads((root / "seeds" / "sources.toml").read_text(encoding="utf-8"))[new_file]
    assert record["url"] == site.url("/a/anyi.html") and record["title"] == "安义强工兴产开创高质量发展新天地"

    text = "\n".join(page_texts((root / second["pdf"]).read_bytes()))
    updates = text.split("本期更新", 1)[1].split("核心指标", 1)[0]
    assert "本期新增或更新" in updates
    # figures stated only in the new article (2023年新签约项目89个，总投资229.09亿元) are new in 本期更新
    assert "安义县新签约项目总投资（新增）：2023年229.09亿元。" in updates
    assert "安义县新签约项目（新增）：2023年89个。" in updates
    assert "安义强工兴产开创高质量发展新天地" in text.split("本期更新", 1)[1].split("核心指标", 1)[1]

    # nothing new: one conditional request for the feed, no download, no rebuild
    site.hits.clear()
    sources_before = _files(root / "seeds")
    pdfs_before = _files(root / "out")
    third = _run("--fetch", "--if-changed")
    assert [(h.path, h.status) for h in site.hits] == [("/feed.xml", 304)]
    assert site.hits[0].headers["If-None-Match"] == '"v1"'
    assert third["fetch"]["kept"] == [] and third["changed"] is False
    assert _files(root / "seeds") == sources_before
    assert _files(root / "out") == pdfs_before


def test_a_failed_fetch_builds_nothing_and_keeps_the_last_brief(web_project):
    root, site = web_project
    assert _run()["documents"] == 1
    before = {"seeds": _files(root / "seeds"), "out": _files(root / "out")}
    site.__exit__()  # the site is down
    result = runner.invoke(app, ["build", "--fetch", "--if-changed", "--mail", "--quiet"])
    assert result.exit_code == 9
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"Error: could not reach any followed feed or page ({site.url('/feed.xml')}: "
        "connection refused or host unreachable (reading robots.txt)); "
    )
    assert result.stderr.rstrip().endswith("sources and the brief are left as they were")
    assert {"seeds": _files(root / "seeds"), "out": _files(root / "out")} == before
