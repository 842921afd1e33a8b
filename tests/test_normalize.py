"""Each normalization step on its own, then the whole: offsets always map
every character of the normalized text back to the original."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.models import Document, SourceMeta
from briefgen.normalize import (
    Mapped,
    drop_furniture,
    fold_width,
    normalize,
    normalize_text,
    rejoin_paragraphs,
    split_sentences,
    tidy_lines,
    to_simplified,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _doc(text: str, name: str = "t.txt") -> Document:
    return Document(
        name=name,
        path=Path(name),
        meta=SourceMeta(file=name),
        original=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def test_fold_width_digits_letters_symbols():
    m = fold_width(Mapped.identity("营收１２３．４５亿元，增长１５．６％，ＧＤＰ"))
    assert m.text == "营收123.45亿元，增长15.6%，GDP"
    assert len(m.offsets) == len(m.text)


def test_fold_width_makes_ascii_punctuation_chinese_but_keeps_thousands_and_times():
    m = fold_width(Mapped.identity("安义,地处西北;共1,200家(含园区),08:19"))
    assert m.text == "安义，地处西北；共1,200家（含园区），08:19"


def test_fold_width_small_form_semicolon():
    assert fold_width(Mapped.identity("工作﹔充分")).text == "工作；充分"


def test_to_simplified_keeps_length_and_offsets():
    m = to_simplified(Mapped.identity("園區營業收入100.03億元，同比增長23.9%"))
    assert m.text == "园区营业收入100.03亿元，同比增长23.9%"
    assert m.offsets == tuple(range(len(m.text)))


def test_drop_furniture_lines():
    text = (
        "人民网\n人民网>>江西\n\n标题\n\n2022年06月14日08:19 | 来源:江西日报\n小字号\n\n"
        "正文第一句。\n\n(责编:邱烨、毛思远)\n\n分享让更多人看到\n\n返回顶部\n"
    )
    out = drop_furniture(Mapped.identity(text)).text
    for gone in ("人民网", "小字号", "来源", "责编", "分享让更多人看到", "返回顶部", "08:19"):
        assert gone not in out
    assert "标题" in out and "正文第一句。" in out


def test_drop_furniture_menus_and_page_tools():
    text = (
        "首页 | 新闻中心 | 政务公开 | 办事服务\n当前位置：首页 > 新闻中心 > 部门动态\n\n标题\n\n"
        "【字体：大 中 小】  打印本页  关闭窗口\n\n正文第一句。\n\n指标 | 1-9月 | 增长\n\n第二句。\n"
    )
    out = drop_furniture(Mapped.identity(text)).text
    for gone in ("首页", "当前位置", "字体", "打印本页"):
        assert gone not in out
    assert "标题" in out and "正文第一句。" in out
    assert "指标 | 1-9月 | 增长" in out  # a table row with figures is text, not a menu


def test_drop_furniture_photo_captions():
    text = "航拍安义高新技术产业园区\n\n园区营收增长。\n\n捷锐机电生产车间\n\n某某展馆\n"
    out = drop_furniture(Mapped.identity(text)).text
    assert "航拍" not in out and "捷锐机电生产车间" not in out and "某某展馆" not in out
    assert "园区营收增长。" in out


def test_rejoin_paragraph_broken_mid_sentence():
    text = "招商引资跨越式进步，连续三年招引新项目，产业跨越\n\n式增长，年均落户项目46个。\n\n下一段。"
    out = rejoin_paragraphs(tidy_lines(Mapped.identity(text))).text
    assert "跨越式增长" in out
    assert out.endswith("\n下一段。")


def test_rejoin_keeps_headings_apart():
    text = "强基础\n\n打造省级新型园区\n\n园区建设加快，投资增长。"
    out = rejoin_paragraphs(tidy_lines(Mapped.identity(text))).text
    assert out.split("\n") == ["强基础", "打造省级新型园区", "园区建设加快，投资增长。"]


def test_split_sentences_offsets_index_text():
    text = "一季度增长5%。二季度“稳中有进。”\n三季度下降；四季度回升"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["一季度增长5%。", "二季度“稳中有进。”", "三季度下降；", "四季度回升"]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_normalize_seed_000_traditional():
    doc = normalize(_doc((SEEDS / "000_f375bfca49fd402f.txt").read_text(encoding="utf-8")))
    assert "园区营业收入100.03亿元，同比增长23.9%" in doc.text
    assert "返回顶部" not in doc.text and "人民网" not in doc.text
    assert len(doc.offsets) == len(doc.text)


def test_normalize_seed_001_rejoined():
    doc = normalize(_doc((SEEDS / "001_14a3bcd6bc545aa4.txt").read_text(encoding="utf-8")))
    assert "跨越式增长" in doc.text and "放权赋能" in doc.text and "“雏雁”培养计划" in doc.text
    assert "航拍" not in doc.text and "捷锐机电生产车间" not in doc.text


def test_offsets_map_digits_back_to_original():
    original = (SEEDS / "000_f375bfca49fd402f.txt").read_text(encoding="utf-8")
    m = normalize_text(original)
    for i, ch in enumerate(m.text):
        if ch.isdigit():
            assert original[m.offsets[i]] == ch


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_normalize_never_crashes_and_offsets_are_monotone_and_in_range(text):
    doc = normalize(_doc(text))
    assert len(doc.offsets) == len(doc.text)
    assert all(0 <= o < max(len(text), 1) for o in doc.offsets)
    assert list(doc.offsets) == sorted(doc.offsets)
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)


def test_drop_furniture_links_to_other_articles_and_related_block():
    text = (
        "标题\n\n园区营收增长5%。\n\n全年完成投资10亿元。\n\n上一篇：1-9月全市工业增长8%\n\n"
        "相关新闻\n\n1-10月全省GDP增长5.2%\n\n某县税收突破10亿元\n\n版权所有 某某网 ICP备12345号\n"
    )
    out = drop_furniture(Mapped.identity(text)).text
    assert "园区营收增长5%。" in out and "全年完成投资10亿元。" in out
    for gone in ("上一篇", "8%", "相关新闻", "5.2%", "突破10亿元", "版权所有"):
        assert gone not in out


def test_rejoin_never_swallows_a_numbered_heading():
    text = (
        "1-10月，全县规上工业增加值增长8.5%，增速比上年同期回落1.2个百分点\n"
        "二、固定资产投资\n1-10月，投资增长4.5%。"
    )
    out = rejoin_paragraphs(tidy_lines(Mapped.identity(text))).text
    assert out.split("\n")[1] == "二、固定资产投资"


def test_rejoin_hard_wrapped_lines():
    text = "1-10月，全县规模以上工业增加值同比增长8.5%，增速比上年\n同期回落1.2个百分点。"
    out = rejoin_paragraphs(tidy_lines(Mapped.identity(text))).text
    assert out == "1-10月，全县规模以上工业增加值同比增长8.5%，增速比上年同期回落1.2个百分点。"


def test_normalize_simplifies_the_sources_title_and_publisher() -> None:
    from briefgen.models import Document, SourceMeta
    from briefgen.normalize import normalize

    meta = SourceMeta(file="a.txt", title="工業強縣 產業興縣", publisher="人民網 / 江西日報")
    doc = normalize(Document(name="a.txt", path=Path("a.txt"), meta=meta, original="園區", sha256="x"))
    assert (doc.meta.title, doc.meta.publisher) == ("工业强县 产业兴县", "人民网 / 江西日报")


def test_pinyin_after_characters_is_dropped_and_offsets_still_map_to_the_file():
    from briefgen.normalize import normalize_text

    original = "全州规（guī）模以上工业（yè）增加值增长20.1%（含园区）。"
    m = normalize_text(original)
    assert m.text == "全州规模以上工业增加值增长20.1%（含园区）。"
    k = m.text.index("20.1")
    assert original[m.offsets[k] : m.offsets[k] + 4] == "20.1"


def test_a_bulleted_summary_line_is_not_joined_to_the_next_paragraph():
    from briefgen.normalize import normalize_text

    text = "●新增研发机构32个：国家高新区新增10个，省级高新区新增22个\n全省高新区实现营业收入1.4万亿元。"
    assert normalize_text(text).text.count("\n") == 1
