"""The input manifest behind `build --if-changed`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from briefgen import manifest
from briefgen.config import Config, MailConfig


def _project(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("园区工业总产值410亿元。", encoding="utf-8")
    return Config(root=tmp_path)


def _saved(cfg, tmp_path):
    inputs = manifest.compute_inputs(cfg)
    pdf = tmp_path / "out" / "简报.pdf"
    pdf.parent.mkdir(exist_ok=True)
    pdf.write_bytes(b"%PDF")
    state = tmp_path / "out" / ".briefgen"
    manifest.save_manifest(state, inputs, {"pdf": str(pdf), "latest": str(pdf)})
    return state


def test_same_inputs_are_unchanged(tmp_path):
    cfg = _project(tmp_path)
    state = _saved(cfg, tmp_path)
    previous = manifest.load_manifest(state)
    assert manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")


def test_edited_added_or_removed_source_is_a_change(tmp_path):
    cfg = _project(tmp_path)
    previous = manifest.load_manifest(_saved(cfg, tmp_path))
    (tmp_path / "seeds" / "a.txt").write_text("园区工业总产值450亿元。", encoding="utf-8")
    assert not manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")
    (tmp_path / "seeds" / "a.txt").write_text("园区工业总产值410亿元。", encoding="utf-8")
    (tmp_path / "seeds" / "b.txt").write_text("新文章", encoding="utf-8")
    assert not manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")
    (tmp_path / "seeds" / "b.txt").unlink()
    assert manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")


def test_settings_that_shape_the_pdf_count_but_mail_settings_do_not(tmp_path):
    cfg = _project(tmp_path)
    previous = manifest.load_manifest(_saved(cfg, tmp_path))
    assert not manifest.unchanged(
        previous, manifest.compute_inputs(replace(cfg, title="别的标题"), previous), tmp_path / "out"
    )
    mailed = replace(cfg, mail=MailConfig(recipients=("a@example.com",)))
    assert manifest.unchanged(previous, manifest.compute_inputs(mailed, previous), tmp_path / "out")


def test_custom_template_folder_is_hashed(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.md.j2").write_text("{{ title }}", encoding="utf-8")
    cfg = replace(_project(tmp_path), template=tmp_path / "tpl")
    previous = manifest.load_manifest(_saved(cfg, tmp_path))
    (tmp_path / "tpl" / "brief.md.j2").write_text("{{ title }}!", encoding="utf-8")
    assert not manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")


def test_deleted_brief_means_rebuild(tmp_path):
    cfg = _project(tmp_path)
    previous = manifest.load_manifest(_saved(cfg, tmp_path))
    (tmp_path / "out" / "简报.pdf").unlink()
    assert not manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")


def test_damaged_manifest_reads_as_missing(tmp_path):
    state = tmp_path / ".briefgen"
    state.mkdir()
    (state / "manifest.json").write_text("{not json", encoding="utf-8")
    assert manifest.load_manifest(state) is None
    assert not manifest.unchanged(None, {}, tmp_path)


def test_font_hashes_reuse_the_stat_cache(tmp_path, monkeypatch):
    font = tmp_path / "f.ttf"
    font.write_bytes(b"font bytes")
    st = font.stat()
    cache = {str(font): {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": "cached"}}
    assert manifest.tree_hashes(tmp_path, cache) == {"f.ttf": "cached"}
    font.write_bytes(b"other bytes")  # size changes -> re-hashed
    assert manifest.tree_hashes(tmp_path, cache)["f.ttf"] == manifest.file_hash(font)


def test_manifest_path_imports_nothing_heavy():
    code = (
        "import sys, briefgen.manifest, briefgen.lock, briefgen.history, briefgen.pipeline; "
        "print(sorted(m for m in ('matplotlib', 'reportlab', 'jinja2', 'PIL') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_mail_templates_do_not_count(tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "brief.xml.j2").write_text("{{ title }}", encoding="utf-8")
    cfg = replace(_project(tmp_path), template=tmp_path / "tpl")
    previous = manifest.load_manifest(_saved(cfg, tmp_path))
    (tmp_path / "tpl" / "mail_body.txt.j2").write_text("各位好", encoding="utf-8")
    assert manifest.unchanged(previous, manifest.compute_inputs(cfg, previous), tmp_path / "out")


def test_fetch_settings_do_not_shape_the_pdf():
    from briefgen.config import FetchConfig

    cfg = Config()
    politer = replace(cfg, fetch=FetchConfig(contact="office@example.cn", rate=0.5))
    assert manifest.config_digest(politer) == manifest.config_digest(cfg)
    assert manifest.config_digest(replace(cfg, body_pages=5)) != manifest.config_digest(cfg)
