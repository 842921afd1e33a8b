"""The data file beside the brief (issue 16): every point of every series and every
figure the brief could not hold, one row per point and source, as CSV (UTF-8 with
BOM, so Excel opens it). The PDF stays within its page budget; the detail lives here.

    data_csv(series_set, documents) -> bytes
    data_path(pdf) -> Path            <brief>.csv next to <brief>.pdf
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from briefgen.models import Document, SeriesSet
from briefgen.wording import number_text, period_text

# 编号: the fact's id, as in `extract --format json`, the review workbook and corrections.toml
COLUMNS = ("指标", "主体", "时期", "数值", "单位", "存疑", "资料", "资料标题", "发布日期", "原句", "编号")


def data_path(pdf: Path) -> Path:
    """Where a brief's data file goes: beside it, same name, .csv."""
    return pdf.with_suffix(".csv")


def data_csv(series_set: SeriesSet, documents: Iterable[Document] = ()) -> bytes:
    """Every series point (in the series' order) with each fact that states it, then
    the figures that map to no indicator (其他数据)."""
    metas = {d.name: d.meta for d in documents if isinstance(d, Document)}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)

    def source(doc: str) -> list[str]:
        meta = metas.get(doc)
        published = meta.published.isoformat() if meta and meta.published else ""
        return [doc, (meta.title or "") if meta else "", published]

    for s in series_set.series:
        for p in s.points:
            for f in p.facts:
                w.writerow(
                    [
                        s.indicator.name,
                        s.entity,
                        period_text(p.period) if p.period else "未注明",
                        number_text(p.value),
                        p.unit,
                        "是" if p.conflict else "",
                        *source(f.document),
                        f.sentence,
                        f.id,
                    ]
                )
    for f in series_set.unmapped:
        period = period_text(f.period) if f.period else "未注明"
        # 较去年下降0.42个百分点: the number is written as stated, its sign is in normalized_value
        signed = -f.value if f.value > 0 and (f.normalized_value or 0) < 0 else f.value
        w.writerow(
            [
                f"其他：{f.subject}",
                f.entity,
                period,
                number_text(signed),
                f.unit,
                "",
                *source(f.document),
                f.sentence,
                f.id,
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
