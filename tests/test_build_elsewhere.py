"""The foundation issue's check: from a folder that is not the repo, with no
briefgen.toml around, `briefgen build --sources <repo>/seeds --out DIR` writes
one brief titled with the park named in seeds/sources.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SEEDS

pytestmark = pytest.mark.slow


def test_build_from_another_directory(tmp_path: Path) -> None:
    out = tmp_path / "o"
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--sources", str(SEEDS), "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stderr
    dated = sorted(out.glob("*_2023-11-14.pdf"))
    assert [p.name for p in dated] == ["安义高新技术产业园区发展简报_2023-11-14.pdf"]
    assert (out / "安义高新技术产业园区发展简报.pdf").read_bytes() == dated[0].read_bytes()
    reader = PdfReader(dated[0])
    assert reader.metadata.title == "安义高新技术产业园区发展简报"
    assert not (tmp_path / "out").exists()  # nothing written next to the working directory
