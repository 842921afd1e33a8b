"""期号 (briefgen.numbering): the next number a year, the same for the same data,
--issue N, 增刊 apart, 总第M期 continuing the office's count."""

from __future__ import annotations

from pathlib import Path

from briefgen import numbering


def publish(state: Path, data: str, year: int = 2026, **kw) -> numbering.IssueNumber:
    issue = numbering.assign(state, data=data, year=year, **kw)
    numbering.record(state, issue)
    return issue


def test_each_new_brief_takes_the_next_number_and_a_rebuild_keeps_its_own(tmp_path: Path) -> None:
    assert publish(tmp_path, "a").label == "第1期"
    assert publish(tmp_path, "a").label == "第1期"
    assert publish(tmp_path, "b").label == "第2期"
    assert [r.number for r in numbering.load_numbers(tmp_path)] == [1, 2]


def test_a_new_year_starts_at_one_and_the_total_runs_on(tmp_path: Path) -> None:
    publish(tmp_path, "a", 2025, before=40)
    last = publish(tmp_path, "b", 2025, before=40)
    assert (last.number, last.total) == (2, 42)
    first = publish(tmp_path, "c", 2026, before=40)
    assert (first.number, first.total) == (1, 43)


def test_issue_overrides_and_the_next_follows(tmp_path: Path) -> None:
    publish(tmp_path, "a")
    assert publish(tmp_path, "a", override=5).number == 5  # the same data renumbered
    assert publish(tmp_path, "b").number == 6


def test_supplements_are_numbered_apart_and_not_in_the_total(tmp_path: Path) -> None:
    publish(tmp_path, "a")
    extra = publish(tmp_path, "x", supplement=True)
    assert (extra.label, extra.total) == ("增刊第1期", 1)
    regular = publish(tmp_path, "b")
    assert (regular.label, regular.total) == ("第2期", 2)
    assert publish(tmp_path, "y", supplement=True).label == "增刊第2期"


def test_a_damaged_file_is_kept_aside_and_the_number_asked_for(tmp_path: Path) -> None:
    import pytest

    from briefgen.errors import OutputError

    publish(tmp_path, "a")
    (tmp_path / numbering.NUMBERS_NAME).write_text("{not json", encoding="utf-8")
    for _ in range(2):  # the next run too: the damaged file is never read as "no brief yet"
        with pytest.raises(OutputError, match="--issue N") as err:
            numbering.assign(tmp_path, data="b", year=2026)
        assert str(tmp_path / numbering.NUMBERS_NAME) in str(err.value)
    assert len(list(tmp_path.glob(f"{numbering.NUMBERS_NAME}.damaged-*"))) == 1
    assert publish(tmp_path, "b", override=2).label == "第2期"
    assert publish(tmp_path, "c").label == "第3期"
