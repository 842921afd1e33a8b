"""How long does `briefgen fetch` take when nothing is new, and what does it send?

Serves three followed feeds (RSS, Atom, an HTML list page) from three loopback
hosts (127.0.0.1-3, as three sites) with real articles (tests/data/realworld),
runs `briefgen fetch` once to take them, then times (median of N runs, wall
clock, the whole command as cron runs it) in the same run:
  briefgen --version        the CLI's start-up cost (the baseline)
  briefgen fetch            first run: robots.txt, feeds, articles
  briefgen fetch            again, nothing new (target: <= 1 s; one conditional request per feed)
and reports the requests each sent, the ratios, and that no article was downloaded again.

    .venv/bin/python benchmarks/fetch_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.data.fetch.site import Answer, Site, article_page, atom, page, realworld, rss  # noqa: E402

ARTICLES = [
    realworld("dev/r05_yuxi_parks_q1_webpage.txt"),
    realworld("dev/r13_cihu_gxq_signing.txt"),
    realworld("dev2/h01_chuxiong_gaoxinqu_1to9.txt"),
]
BRIEFGEN = Path(sys.executable).parent / "briefgen"


def _routes(kind: str) -> dict:
    links = [(title, f"/news/{i}.html") for i, (title, _) in enumerate(ARTICLES)]
    routes: dict = {"/robots.txt": page("User-agent: *\nDisallow: /private/\n", content_type="text/plain")}
    if kind == "rss":
        body, ctype = rss("", [(t, u, "") for t, u in links]), "application/rss+xml"
    elif kind == "atom":
        body, ctype = atom("", links), "application/atom+xml"
    else:
        body = (
            "<html><body><ul>"
            + "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in links)
            + "</ul></body></html>"
        )
        ctype = "text/html; charset=utf-8"
    data = body.encode("utf-8")
    routes["/feed"] = lambda n: Answer(200, data, {"Content-Type": ctype}, etag=f'"{kind}-1"')
    for i, (title, text) in enumerate(ARTICLES):
        routes[f"/news/{i}.html"] = page(article_page(title, text))
    return routes


def wall(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sites = [Site(_routes(kind), host=f"127.0.0.{i + 1}") for i, kind in enumerate(("rss", "atom", "list"))]
    with tempfile.TemporaryDirectory() as tmp, sites[0], sites[1], sites[2]:
        root = Path(tmp)
        (root / "seeds").mkdir()
        feeds = "".join(f'[[feed]]\nurl = "{s.url("/feed")}"\nmatch = ["园区", "高新区"]\n\n' for s in sites)
        (root / "seeds" / "sources.toml").write_text(feeds, encoding="utf-8")
        (root / "briefgen.toml").write_text('[fetch]\ncontact = "bench@example.org"\n', encoding="utf-8")

        version = statistics.median(wall([str(BRIEFGEN), "--version"], root) for _ in range(args.runs))
        first = wall([str(BRIEFGEN), "fetch", "--quiet"], root)
        first_requests = sum(len(s.hits) for s in sites)
        for s in sites:
            s.hits.clear()
        again = statistics.median(wall([str(BRIEFGEN), "fetch", "--quiet"], root) for _ in range(args.runs))
        hits = [h for s in sites for h in s.hits]
        per_run = len(hits) / args.runs
        kept = len(list((root / "seeds").glob("*.html")))

    print(f"briefgen --version             {version:6.3f} s   (baseline)")
    print(f"briefgen fetch, first run      {first:6.3f} s   {first_requests} requests, {kept} articles kept")
    print(
        f"briefgen fetch, nothing new    {again:6.3f} s   {per_run:g} requests per run "
        f"({'all 304' if all(h.status == 304 for h in hits) else 'NOT all 304'}, "
        f"{sum(h.path != '/feed' for h in hits)} other requests)"
    )
    print(f"nothing new / baseline         {again / version:6.2f}x")
    print(f"target <= 1 s                  {'met' if again <= 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
