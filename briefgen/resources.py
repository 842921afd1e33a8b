"""Where the shipped templates, fonts and catalog live.

In a wheel they sit in ``briefgen/_data`` (force-included at build time); in a
source checkout or editable install they are the repo's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return _data_dir("templates")


def fonts_dir() -> Path:
    return _data_dir("fonts")


def catalog_path() -> Path:
    return _PACKAGE / "catalog.toml"
