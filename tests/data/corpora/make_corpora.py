#!/usr/bin/env python3
"""Multi-period source folders for issue 16 (a brief stays brief), generated.

    python tests/data/corpora/make_corpora.py OUT_DIR [bulletins|year|archive ...]

Writes OUT_DIR/<name>/ with the documents and a sources.toml (park, aliases,
title, publisher, published of each). Deterministic: the same folders every run.

- ``bulletins``: 24 monthly 经济运行情况 bulletins of one park, 2022年1月 …
  2023年1—12月. Each gives the year-to-date 营业收入, 工业总产值 and 税收 with
  their 同比增速, the year-to-date 固定资产投资 and the month-end count of
  规上工业企业, worded like the parks' own bulletins.
- ``year``: a year of mixed material: the twelve 2023 bulletins, the two seed
  articles and ten short news items (signings, firms certified, projects).
- ``archive``: 96 documents, the two seed articles re-published monthly over
  four years with their figures drifting a little each time.

Tests and benchmarks call :func:`make` into a temporary folder; nothing here
reads outside the repository (the seeds are the repository's own).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"
PARK = "安义高新技术产业园区"
ALIASES = ["安义工业园区", "安义产业园区", "安义高新园区", "安义高新区"]
PUBLISHER = "安义高新区管委会"

# the month's own share of the year (a slow January, a strong December), and
# each indicator's yearly total and growth against the year before
_MONTH_SHARE = (0.066, 0.060, 0.080, 0.082, 0.083, 0.086, 0.084, 0.085, 0.088, 0.089, 0.092, 0.105)
_YEARLY = {  # indicator: (2021 total, 2022 growth %, 2023 growth %)
    "营业收入": (262.0, 12.6, 9.8),
    "工业总产值": (251.0, 13.4, 10.7),
    "税收": (9.1, 8.2, 6.5),
    "固定资产投资": (52.0, 15.1, 11.2),
}


def _ytd(total: float, month: int, wobble: float) -> float:
    return total * sum(_MONTH_SHARE[:month]) * (1 + wobble)


def _period(year: int, month: int) -> str:
    return f"{year}年1月" if month == 1 else f"{year}年1—{month}月"


def bulletin(year: int, month: int, rng: random.Random, stated: dict) -> tuple[str, str, dt.date]:
    """(title, text, published) of one monthly bulletin. ``stated`` keeps what earlier
    bulletins said, so a 同比 growth is against the value stated a year before."""
    rows = {}
    for name, (base, g22, g23) in _YEARLY.items():
        growth = (g22 if year == 2022 else g23) + rng.uniform(-3.0, 3.0)
        last = stated.get((name, year - 1, month)) or _ytd(base, month, rng.uniform(-0.01, 0.01))
        rows[name] = (round(last * (1 + growth / 100), 2), growth)
        stated[(name, year, month)] = rows[name][0]
    firms = 203 + (year - 2022) * 14 + month + rng.randint(0, 2)
    p = _period(year, month)
    short = "1月" if month == 1 else f"1—{month}月"
    rev, rev_g = rows["营业收入"]
    out, out_g = rows["工业总产值"]
    tax, tax_g = rows["税收"]
    inv, inv_g = rows["固定资产投资"]
    title = f"安义高新区{p}经济运行情况"
    text = (
        f"{title}\n\n"
        f"{p}，安义高新区坚持稳中求进工作总基调，园区经济运行总体平稳、稳中有进。\n\n"
        f"一、主要指标。{short}，园区实现营业收入{rev:.2f}亿元，同比增长{rev_g:.1f}%；"
        f"完成工业总产值{out:.2f}亿元，同比增长{out_g:.1f}%；实现税收{tax:.2f}亿元，同比增长{tax_g:.1f}%。\n\n"
        f"二、项目投资。{short}，园区完成固定资产投资{inv:.2f}亿元，同比增长{inv_g:.1f}%。\n\n"
        f"三、市场主体。截至{month}月末，园区规上工业企业达{firms}家。\n"
    )
    # bulletins go out around the 12th of the next month
    published = dt.date(year + month // 12, month % 12 + 1, 12)
    return title, text, published


_NEWS = (  # (title, text) of three kinds of news item
    (
        "安义高新区集中签约{n}个项目 总投资{v:.1f}亿元",
        "{m}月{d}日，安义高新区举行重大项目集中签约仪式，现场签约项目{n}个，总投资{v:.1f}亿元，"
        "涵盖铝型材深加工、光伏新能源和智能制造。",
    ),
    (
        "安义高新区新增国家高新技术企业{n}家",
        "近日，{y}年第一批高新技术企业名单公布，安义高新区新增国家高新技术企业{n}家，"
        "园区国家高新技术企业总数达到{t}家。",
    ),
    (
        "安义高新区{n}个项目集中开工",
        "{m}月{d}日，安义高新区{n}个项目集中开工，总投资{v:.1f}亿元，其中亿元以上项目{k}个。",
    ),
)


def news(year: int, i: int, rng: random.Random) -> tuple[str, str, dt.date]:
    month = 1 + (i * 5) % 12
    day = 3 + (i * 7) % 24
    title_t, body_t = _NEWS[i % len(_NEWS)]
    values = {
        "y": year,
        "m": month,
        "d": day,
        "n": rng.randint(5, 16),
        "v": rng.uniform(20, 90),
        "t": 96 + i * 2,
        "k": rng.randint(2, 5),
    }
    title = title_t.format(**values)
    return title, f"{title}\n\n{body_t.format(**values)}\n", dt.date(year, month, day)


_DRIFT = re.compile(r"(\d+(?:\.\d+)?)(?=[亿億]元|[万萬]元|家|[个個]|%|[万萬][吨噸]|[条條])")  # 简 and 繁


def drift(text: str, k: int, rng: random.Random) -> str:
    """The seed text re-published for the k-th time: amounts and counts moved a
    little; years, ranks and the earlier value of a stated change (由2020年的40家)
    untouched, so a rise stated as 由A增至B stays a rise."""

    def move(m: re.Match) -> str:
        number = m.group(1)
        value = float(number)
        if value >= 1900 and value <= 2100 and "." not in number:
            return number  # a year
        before = text[max(0, m.start() - 8) : m.start()]
        if re.search(r"(?:[由从從]|年的)$", before):
            return number  # the earlier value of a stated change (由2020年的40家增至…) is history
        step = 1 + 0.004 * k + rng.uniform(-0.002, 0.002)
        if "." in number:
            places = len(number.split(".")[1])
            return f"{value * step:.{places}f}"
        return str(max(1, round(value * step)))

    return _DRIFT.sub(move, text)


def _seed_texts() -> list[tuple[str, str, str, str]]:
    """(file, title, publisher, text) of the seed articles, from seeds/sources.toml."""
    import tomllib

    meta = tomllib.loads((SEEDS / "sources.toml").read_text(encoding="utf-8"))
    out = []
    for name, entry in meta.items():
        if isinstance(entry, dict):
            out.append((name, entry["title"], entry["publisher"], (SEEDS / name).read_text(encoding="utf-8")))
    return out


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write(folder: Path, docs: list[tuple[str, str, str, dt.date | None, str]]) -> Path:
    """docs: (file, title, publisher, published, text)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"park = {_toml_str(PARK)}", "aliases = [" + ", ".join(_toml_str(a) for a in ALIASES) + "]", ""]
    for file, title, publisher, published, text in docs:
        (folder / file).write_text(text, encoding="utf-8")
        lines += [f"[{_toml_str(file)}]", f"title = {_toml_str(title)}"]
        lines.append(f"publisher = {_toml_str(publisher)}")
        if published:
            lines.append(f"published = {published.isoformat()}")
        lines.append("")
    (folder / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def make_bulletins(folder: Path, years: tuple[int, ...] = (2022, 2023)) -> Path:
    rng = random.Random(16)
    docs, stated = [], {}
    for year in years:
        for month in range(1, 13):
            title, text, published = bulletin(year, month, rng, stated)
            docs.append((f"bulletin_{year}_{month:02d}.txt", title, PUBLISHER, published, text))
    return _write(folder, docs)


def make_year(folder: Path) -> Path:
    rng = random.Random(2023)
    docs: list[tuple[str, str, str, dt.date | None, str]] = []
    stated: dict = {}
    for month in range(1, 13):
        title, text, published = bulletin(2023, month, rng, stated)
        docs.append((f"bulletin_2023_{month:02d}.txt", title, PUBLISHER, published, text))
    for i in range(10):
        title, text, published = news(2023, i, rng)
        docs.append((f"news_{i:02d}.txt", title, "安义县融媒体中心", published, text))
    seeds = _seed_texts()
    docs.append((seeds[0][0], seeds[0][1], seeds[0][2], dt.date(2022, 6, 14), seeds[0][3]))
    docs.append((seeds[1][0], seeds[1][1], seeds[1][2], None, seeds[1][3]))
    return _write(folder, docs)


def make_archive(folder: Path, issues: int = 48) -> Path:
    """Each seed re-published ``issues`` times after its own date: the feature of June
    2022 monthly from July 2022, the review of 2023 every three weeks from December
    2023 (no date after November 2026: sources.toml refuses dates in the future)."""
    rng = random.Random(96)
    docs: list[tuple[str, str, str, dt.date | None, str]] = []
    starts = (dt.date(2022, 7, 5), dt.date(2023, 12, 20))
    for k in range(issues):
        for n, (file, title, publisher, text) in enumerate(_seed_texts()):
            if n == 0:
                month = starts[0].month - 1 + k
                published = dt.date(starts[0].year + month // 12, month % 12 + 1, 5)
            else:
                published = starts[1] + dt.timedelta(days=22 * k)
            stem = Path(file).stem
            reprint = f"{title}（{published.year}年{published.month}月转载）"
            name = f"{published:%Y%m%d}_{n}_{stem}.txt"
            docs.append((name, reprint, publisher, published, drift(text, k, rng)))
    return _write(folder, docs)


MAKERS = {"bulletins": make_bulletins, "year": make_year, "archive": make_archive}


def make(out: Path, name: str) -> Path:
    """Write the corpus ``name`` into out/name and return that folder."""
    return MAKERS[name](out / name)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    target = Path(sys.argv[1])
    for corpus in sys.argv[2:] or list(MAKERS):
        print(make(target, corpus))
