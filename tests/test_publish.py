"""Atomic publishing: dated + latest names, nothing half-written, ever."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from briefgen import publish
from briefgen.config import Config
from briefgen.errors import OutputError
from briefgen.models import Brief
from briefgen.publish import file_stem, publish_pdf

DAY = dt.date(2026, 11, 1)


def test_dated_and_latest_names_hold_the_same_bytes(tmp_path):
    cfg = Config(root=tmp_path)
    got = publish_pdf(b"%PDF one", cfg, None, stem="简报", date=DAY)
    assert got.path == tmp_path / "out" / "简报_2026-11-01.pdf"
    assert got.latest == tmp_path / "out" / "简报.pdf"
    assert got.path.read_bytes() == got.latest.read_bytes() == b"%PDF one"
    assert not got.latest.is_symlink()


def test_next_build_replaces_latest_and_keeps_older_dated_briefs(tmp_path):
    cfg = Config(root=tmp_path)
    first = publish_pdf(b"%PDF one", cfg, None, stem="简报", date=DAY)
    second = publish_pdf(b"%PDF two", cfg, None, stem="简报", date=DAY + dt.timedelta(days=30))
    assert first.path.read_bytes() == b"%PDF one"
    assert second.latest.read_bytes() == b"%PDF two"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "简报.pdf",
        "简报_2026-11-01.pdf",
        "简报_2026-12-01.pdf",
    ]


def test_stem_comes_from_the_brief_title(tmp_path):
    brief = Brief(
        title="《安义高新技术产业园区发展简报》",
        park="安义高新技术产业园区",
        subject="",
        keywords=(),
        author="",
        creator="briefgen",
        generated=DAY,
        period="",
        sources=(),
        blocks=(),
    )
    got = publish_pdf(b"%PDF", Config(root=tmp_path), brief, date=DAY)
    assert got.latest.name == "安义高新技术产业园区发展简报.pdf"


@pytest.mark.parametrize(
    "title, stem",
    [
        ("《园区/简报:2026》", "园区简报2026"),
        ("  ", "简报"),
        (None, "简报"),
        ("A  B", "A_B"),
    ],
)
def test_file_stem_is_safe(title, stem):
    assert file_stem(title) == stem


def test_failed_write_leaves_previous_brief_and_no_temporary(tmp_path, monkeypatch):
    cfg = Config(root=tmp_path)
    before = publish_pdf(b"%PDF old", cfg, None, stem="简报", date=DAY)

    def disk_full(fd, data):
        os.write(fd, data[:3])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_write_all", disk_full)
    with pytest.raises(OutputError, match="No space left"):
        publish_pdf(b"%PDF new and longer", cfg, None, stem="简报", date=DAY)
    assert before.path.read_bytes() == before.latest.read_bytes() == b"%PDF old"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["简报.pdf", "简报_2026-11-01.pdf"]


def test_leftover_temporaries_of_killed_runs_are_removed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".简报.pdf.1a2b3c4d.part").write_bytes(b"%PDF half")
    publish_pdf(b"%PDF", Config(root=tmp_path), None, stem="简报", date=DAY)
    assert not list(out.glob(".*"))


def test_unwritable_folder_is_an_output_error(tmp_path):
    (tmp_path / "out").write_text("a file where the folder should be")
    with pytest.raises(OutputError) as err:
        publish_pdf(b"%PDF", Config(root=tmp_path), None, stem="简报", date=DAY)
    assert err.value.exit_code == 6 and "out" in str(err.value)


def test_source_date_epoch_fixes_the_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert publish.build_date() == dt.date(2026, 1, 1)


def test_keep_briefs_removes_the_oldest_dated_copies_and_their_eml_and_data_files(tmp_path):
    cfg = Config(root=tmp_path, keep_briefs=2)
    out = tmp_path / "out"
    out.mkdir()
    (out / "其他简报_2020-01-01.pdf").write_bytes(b"%PDF other title")  # another brief's: untouched
    for n in range(4):
        got = publish_pdf(f"%PDF {n}".encode(), cfg, None, stem="简报", date=DAY + dt.timedelta(days=31 * n))
        got.path.with_suffix(".eml").write_bytes(b"Subject: dry run")
        got.path.with_suffix(".csv").write_bytes(b"indicator,value")
    assert sorted(p.name for p in out.iterdir()) == [
        "其他简报_2020-01-01.pdf",
        "简报.pdf",
        "简报_2027-01-02.csv",  # each .eml and .csv is written after its brief's publish
        "简报_2027-01-02.eml",
        "简报_2027-01-02.pdf",
        "简报_2027-02-02.csv",
        "简报_2027-02-02.eml",
        "简报_2027-02-02.pdf",
    ]
    assert (out / "简报.pdf").read_bytes() == b"%PDF 3"


def test_keep_briefs_zero_keeps_everything(tmp_path):
    cfg = Config(root=tmp_path)
    for n in range(3):
        publish_pdf(b"%PDF", cfg, None, stem="简报", date=DAY + dt.timedelta(days=n))
    assert len(list((tmp_path / "out").glob("简报_*.pdf"))) == 3


def test_disk_full_is_named_as_such(tmp_path, monkeypatch):
    cfg = Config(root=tmp_path)

    def disk_full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_write_all", disk_full)
    monkeypatch.setattr(publish, "_anonymous_ok", True)
    with pytest.raises(OutputError, match="disk full") as err:
        publish_pdf(b"%PDF", cfg, None, stem="简报", date=DAY)
    assert err.value.exit_code == 6 and publish._anonymous_ok  # a full disk is no reason to give up O_TMPFILE
