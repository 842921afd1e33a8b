"""The wheel must carry templates/ and fonts/ so an installed briefgen works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (whl,) = out.glob("briefgen-*.whl")
    return whl


def test_wheel_ships_templates_fonts_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    repo_templates = {p.name for p in (REPO / "templates").iterdir() if p.is_file()}
    repo_fonts = {p.name for p in (REPO / "fonts").glob("*.ttf")}
    assert repo_templates and repo_fonts
    for name in repo_templates:
        assert f"briefgen/_data/templates/{name}" in names
    for name in repo_fonts:
        assert f"briefgen/_data/fonts/{name}" in names
    assert "briefgen/catalog.toml" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_wheel_declares_console_script(wheel: Path) -> None:
    zf = zipfile.ZipFile(wheel)
    (ep,) = [n for n in zf.namelist() if n.endswith("entry_points.txt")]
    assert "briefgen = briefgen.cli:main" in zf.read(ep).decode()
