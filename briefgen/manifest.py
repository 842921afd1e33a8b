"""What a brief was built from, so ``build --if-changed`` can skip identical work.

The manifest hashes every input that can change the PDF: the source files, the
effective configuration (file + CLI options, minus [mail]), the template
folder, the catalog, the fonts and the briefgen version. It lives in
``<out>/.briefgen/manifest.json`` with the outputs and counts of that build.

Imports nothing heavy (no jinja2, matplotlib, ReportLab): this is the whole of
the unchanged path.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from pathlib import Path

from briefgen import __version__
from briefgen.config import Config
from briefgen.resources import catalog_path, fonts_dir, templates_dir

MANIFEST_NAME = "manifest.json"
_CHUNK = 1 << 20


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def tree_hashes(root: Path, cache: dict[str, dict] | None = None) -> dict[str, str]:
    """relative posix path -> sha256 of every non-hidden file under ``root``.

    ``cache`` (from the previous manifest) maps a path to {size, mtime_ns, sha256}:
    an unchanged stat reuses the hash, so large fonts are not re-read every run."""
    if root.is_file():
        return {root.name: file_hash(root)}
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__")))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = shown_path(path.relative_to(root).as_posix())
            out[rel] = _cached_hash(path, cache.get(shown_path(path)) if cache else None)
    return out


def shown_path(path: Path | str) -> str:
    """A path as text that can be written as UTF-8 (JSON, logs). A name that is not
    valid UTF-8 (an old zip's GBK 报告.txt) shows its bytes: ``\\xb1\\xa8…``;
    kept as is, its surrogate escapes fail the UTF-8 write after the PDF is out.
    Names are taken as UTF-8 on disk, as publish writes them, whatever the locale."""
    return os.fspath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _cached_hash(path: Path, entry: dict | None) -> str:
    if entry is not None:
        st = path.stat()
        if entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns:
            return entry["sha256"]
    return file_hash(path)


def config_digest(cfg: Config) -> str:
    """The settings that shape the PDF. Mail and fetch settings do not; paths are kept as written."""
    values = {
        f.name: str(getattr(cfg, f.name))
        for f in fields(cfg)
        if f.name not in ("mail", "fetch", "config_file", "strict")
    }
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()


def compute_inputs(cfg: Config, previous: dict | None = None) -> dict:
    """The inputs section of a manifest. ``previous`` is the last manifest (for the font stat cache)."""
    template = cfg.path(cfg.template) if cfg.template else templates_dir()
    catalog = cfg.path(cfg.catalog) if cfg.catalog else catalog_path()
    fonts = fonts_dir()
    font_cache = (previous or {}).get("font_stats") or {}
    return {
        "briefgen": __version__,
        "config": config_digest(cfg),
        "sources": tree_hashes(cfg.sources_dir),
        # mail templates do not shape the PDF
        "template": {k: v for k, v in tree_hashes(template).items() if not k.startswith("mail_")},
        "catalog": file_hash(catalog) if catalog.is_file() else None,
        "fonts": tree_hashes(fonts, font_cache),
    }


def data_digest(inputs: dict) -> str:
    """Sources + catalog + version: what decides the facts (history uses it to tell editions apart)."""
    key = json.dumps({k: inputs.get(k) for k in ("sources", "catalog", "briefgen")}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()


def font_stats(fonts: dict[str, str]) -> dict[str, dict]:
    root = fonts_dir()
    stats = {}
    for rel, sha in fonts.items():
        path = root / rel
        try:
            st = path.stat()
        except OSError:
            continue
        stats[shown_path(path)] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
    return stats


def load_manifest(state: Path) -> dict | None:
    try:
        data = json.loads((state / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing or damaged: treated as "changed"
    return data if isinstance(data, dict) else None


def save_manifest(state: Path, inputs: dict, outputs: dict) -> None:
    from briefgen.publish import write_atomic

    state.mkdir(parents=True, exist_ok=True)
    names = {k: shown_path(v) for k, v in outputs.items() if k in ("pdf", "latest") and v}
    data = {"inputs": inputs, "font_stats": font_stats(inputs.get("fonts", {})), **outputs, **names}
    write_atomic(state / MANIFEST_NAME, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def unchanged(previous: dict | None, inputs: dict, out_dir: Path) -> bool:
    """Same inputs as the last build, and its briefs are still in ``out_dir``."""
    if not previous or previous.get("inputs") != inputs:
        return False
    from briefgen.publish import on_disk

    names = [n for n in (previous.get("pdf"), previous.get("latest")) if n]
    return bool(names) and all((out_dir / on_disk(Path(n).name)).is_file() for n in names)
