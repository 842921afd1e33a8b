"""`briefgen build` as cron runs it: --if-changed, --quiet, --json, the lock
between overlapping runs, and a run killed while writing the PDF.

The extraction and typesetting stages are stand-ins (tests/unattended_stub.py):
what is tested here is the real CLI, lock, manifest, publish and history."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from tests import unattended_stub

STUB = Path(unattended_stub.__file__)
runner = CliRunner()


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("2022年园区工业总产值410亿元。", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    unattended_stub.install(monkeypatch)
    return tmp_path


def _briefs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_if_changed_says_unchanged_and_touches_nothing(project):
    first = runner.invoke(app, ["build"])
    assert first.exit_code == 0, first.output
    before = {p.name: p.stat().st_mtime_ns for p in (project / "out").glob("*.pdf")}
    again = runner.invoke(app, ["build", "--if-changed"])
    assert again.exit_code == 0
    assert again.output.startswith("unchanged: ") and "发展简报_" in again.output
    assert {p.name: p.stat().st_mtime_ns for p in (project / "out").glob("*.pdf")} == before


def test_if_changed_rebuilds_when_a_source_changes_and_lists_what_changed(project, monkeypatch):
    assert runner.invoke(app, ["build"]).exit_code == 0
    (project / "seeds" / "b.txt").write_text("2022年工业总产值达450亿元。", encoding="utf-8")
    monkeypatch.setenv("STUB_VALUE", "450")
    result = runner.invoke(app, ["build", "--if-changed", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["changed"] is True and summary["documents"] == 2
    changes = summary["changes"]
    assert (changes["first_build"], changes["new"], changes["updated"]) == (False, 0, 1)
    # the brief received the change (the stub renderer writes it into the PDF)
    assert "更新:工业总产值:450亿元;".encode() in Path(summary["latest"]).read_bytes()


def test_json_summary_when_unchanged(project):
    assert runner.invoke(app, ["build"]).exit_code == 0
    summary = json.loads(runner.invoke(app, ["build", "--if-changed", "--json"]).stdout)
    assert summary["ok"] is True and summary["changed"] is False
    assert summary["pdf"].endswith(".pdf") and Path(summary["pdf"]).is_file()
    assert (summary["indicators"], summary["pages"], summary["mail"]) == (2, 1, None)


def test_quiet_prints_nothing_on_success_and_the_error_on_failure(project):
    result = runner.invoke(app, ["build", "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    (project / "briefgen.toml").write_text("colour = 'red'\n", encoding="utf-8")
    bad = runner.invoke(app, ["build", "--quiet"])
    assert bad.exit_code == 2 and "briefgen.toml" in bad.output and "colour" in bad.output


def test_json_error_object(project):
    (project / "briefgen.toml").write_text("strict = 'yes'\n", encoding="utf-8")
    result = runner.invoke(app, ["build", "--json"])
    assert result.exit_code == 2
    obj = json.loads(result.stdout)
    assert obj["ok"] is False and obj["exit_code"] == 2 and "strict" in obj["error"]


def test_mail_options_need_mail(project):
    result = runner.invoke(app, ["build", "--dry-run"])
    assert result.exit_code == 2 and "--mail" in result.output


def test_build_mail_dry_run_writes_eml_next_to_the_pdf(project):
    (project / "briefgen.toml").write_text(
        '[mail]\nsender = "brief@example.com"\nrecipients = ["a@example.com"]\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["build", "--mail", "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    mail = json.loads(result.stdout)["mail"]
    assert mail["reason"] == "dry run" and mail["sent"] is False
    eml = Path(mail["eml"])
    assert eml.parent == project / "out" and eml.read_bytes().startswith(b"Subject:")


# --- real processes -------------------------------------------------------


def _run(project: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(STUB), *args],
        cwd=project,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.slow
def test_two_concurrent_builds_one_builds_one_reports_the_lock(project):
    hold = project / "hold"
    first = _run(project, "build", STUB_HOLD=str(hold))
    try:
        _wait_for(Path(f"{hold}.started"), first)  # first is inside the lock, rendering
        second = _run(project, "build", "--if-changed")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 75
        assert "another briefgen run is using this output folder" in err and f"pid {first.pid}" in err
        assert out == ""
        hold.touch()
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
        assert "发展简报_" in out
    finally:
        first.kill()
    assert len(list((project / "out").glob("*.pdf"))) == 2  # dated + latest, from the first run only


@pytest.mark.slow
def test_build_killed_mid_write_leaves_the_previous_brief_byte_identical(project):
    assert runner.invoke(app, ["build"]).exit_code == 0
    out = project / "out"
    before = _briefs(out)
    (project / "seeds" / "b.txt").write_text("新文章", encoding="utf-8")
    mark = project / "half-written"
    victim = _run(project, "build", STUB_VALUE="999", STUB_KILL_MARK=str(mark))
    _wait_for(mark, victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL

    assert _briefs(out) == before  # same names, same bytes: nothing partial under a real name
    leftovers = list(out.glob(".*.part"))  # only where O_TMPFILE is unavailable: hidden, swept next run

    rerun = _run(project, "build", "--if-changed", STUB_VALUE="999")
    stdout, stderr = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, stderr
    assert "took over the lock of a run that ended without releasing it" in stderr
    assert not list(out.glob(".*.part")), leftovers
    assert b"value=999.0" in (out / "安义高新技术产业园区发展简报.pdf").read_bytes()


@pytest.mark.slow
def test_unchanged_path_imports_no_drawing_library(project):
    assert runner.invoke(app, ["build"]).exit_code == 0
    code = (
        "import sys; from briefgen.cli import app\n"
        "app(['build', '--if-changed'], standalone_mode=False)\n"
        "heavy = [m for m in ('matplotlib', 'reportlab', 'jinja2', 'PIL', 'smtplib') if m in sys.modules]\n"
        "print('heavy:', heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("unchanged: ")
    assert "heavy: []" in done.stdout


NOT_UTF8 = os.fsdecode(b"\xb1\xa8")  # 报 in GBK: a folder an old zip unpacked


def test_out_folder_named_in_gbk_is_printed_after_publishing(project):
    out = project / NOT_UTF8
    shown = str(project / "\\xb1\\xa8")  # the name's bytes, as text
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, repr(result.exception)
    assert result.stdout.startswith(shown + "/") and list(out.glob("*.pdf"))
    as_json = runner.invoke(app, ["build", "--out", str(out), "--json"])
    assert as_json.exit_code == 0, repr(as_json.exception)
    assert json.loads(as_json.stdout)["pdf"].startswith(shown + "/")


def test_mail_from_an_out_folder_named_in_gbk(project):
    from aiosmtpd.controller import Controller

    class Box:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content)
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    received: list[bytes] = []
    controller = Controller(Box(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        (project / "briefgen.toml").write_text(
            f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
            'sender = "brief@example.com"\nrecipients = ["a@example.com"]\n',
            encoding="utf-8",
        )
        out = project / NOT_UTF8
        result = runner.invoke(app, ["build", "--out", str(out), "--mail"])
    finally:
        controller.stop()
    assert result.exit_code == 0, repr(result.exception)
    assert len(received) == 1 and "mail: sent 安义高新技术产业园区发展简报" in result.stdout
    state = json.loads((out / ".briefgen" / "mail.json").read_text(encoding="utf-8"))
    assert state["delivered"] == ["a@example.com"] and state["pdf"].endswith(".pdf")


# --- issue 12: faults as one line and an exit code; recovery; the run log ----------


def _namespace_works() -> bool:
    """A private mount namespace (unshare -rm): a read-only or tiny folder that binds even root."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_namespace = pytest.mark.skipif(
    not _namespace_works(),
    reason="no user/mount namespaces here (unshare -rm) to make a folder read-only or full",
)


def _in_namespace(project: Path, setup: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run the CLI (stub stages) after the shell ``setup`` (mounts) in a private mount namespace."""
    script = f'{setup} && exec "$@"'
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", sys.executable, str(STUB), *args],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _read_only(project: Path, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """``folder`` read-only for one run: a read-only bind mount; chmod would not stop root."""
    setup = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}"'
    return _in_namespace(project, setup, *args)


@needs_namespace
@pytest.mark.parametrize(
    "args",
    [["build"], ["build", "--if-changed"], ["build", "--mail", "--dry-run"], ["mail", "--dry-run"]],
    ids=["build", "if-changed", "build-mail-dry-run", "mail-dry-run"],
)
def test_unwritable_state_folder_is_exit_6_in_one_line(project, args):
    (project / "briefgen.toml").write_text(
        '[mail]\nsender = "brief@example.com"\nrecipients = ["a@example.com"]\n', encoding="utf-8"
    )
    assert runner.invoke(app, ["build"]).exit_code == 0
    (project / "seeds" / "b.txt").write_text("新文章", encoding="utf-8")  # so --if-changed would build
    before = _briefs(project / "out")
    done = _read_only(project, project / "out" / ".briefgen", *args)
    assert done.returncode == 6, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("Error: ") and ".briefgen" in line and "Read-only file system" in line
    assert "Traceback" not in done.stderr and _briefs(project / "out") == before


@needs_namespace
def test_disk_full_while_publishing_says_so_and_keeps_the_previous_brief(project):
    out = project / "out"
    out.mkdir()
    before = project / "before"  # outside the small file system
    # a 320 KiB file system: the first brief (200 KB) fits, a second copy does not
    check = (
        f'mount -t tmpfs -o size=320k tmpfs "{out}" && "$@" build >/dev/null && '
        f'mkdir "{before}" && cp "{out}"/*.pdf "{before}/" && '
        f'STUB_VALUE=999 "$@" build; echo "exit=$?"; '
        f'for f in "{before}"/*.pdf; do cmp "$f" "{out}/$(basename "$f")" && echo same; done; '
        f'ls -A "{out}"'
    )
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", check, "sh", sys.executable, str(STUB)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "exit=6" in done.stdout, (done.stdout, done.stderr)
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("Error")]
    assert len(errors) == 1 and "disk full" in errors[0] and "Traceback" not in done.stderr
    assert done.stdout.count("same") == 2  # dated and latest: byte-identical
    assert ".part" not in done.stdout  # no temporary left behind


def test_non_utf8_locale_writes_the_chinese_names(project):
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    env.pop("PYTHONIOENCODING", None)
    for args in (["build"], ["build", "--if-changed"], ["status"]):
        done = subprocess.run(
            [sys.executable, str(STUB), *args], cwd=project, env=env, capture_output=True, timeout=60
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in done.stderr
    names = sorted(os.listdir(os.fsencode(project / "out")))
    assert "安义高新技术产业园区发展简报.pdf".encode() in names  # UTF-8 on disk, whatever the locale
    again = runner.invoke(app, ["build", "--if-changed"])  # and a UTF-8 run finds that brief
    assert again.exit_code == 0 and again.output.startswith("unchanged: ")


def test_stale_lock_notice_is_kept_under_mail(project):
    (project / "briefgen.toml").write_text(
        '[mail]\nsender = "brief@example.com"\nrecipients = ["a@example.com"]\n', encoding="utf-8"
    )
    state = project / "out" / ".briefgen"
    state.mkdir(parents=True)
    (state / "lock.json").write_text('{"pid": 4242, "host": "h", "started": "2026-11-01T08:00:00+00:00"}')
    result = runner.invoke(app, ["build", "--mail", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "took over the lock of a run that ended without releasing it (pid 4242" in result.output


def test_damaged_history_is_said_and_the_brief_claims_no_first_edition(project, monkeypatch):
    assert runner.invoke(app, ["build"]).exit_code == 0
    (project / "out" / ".briefgen" / "history.json").write_text("{", encoding="utf-8")
    (project / "seeds" / "b.txt").write_text("新文章", encoding="utf-8")
    monkeypatch.setenv("STUB_VALUE", "450")
    result = runner.invoke(app, ["build", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["changes"] is None  # 本期更新 left out, not "首期简报"
    assert any("history.json: damaged" in n for n in summary["notes"])
    assert list((project / "out" / ".briefgen").glob("history.json.damaged-*"))


def test_every_run_is_logged_and_status_shows_them(project):
    assert runner.invoke(app, ["build"]).exit_code == 0
    assert runner.invoke(app, ["build", "--if-changed"]).exit_code == 0
    (project / "briefgen.toml").write_text("colour = 'red'\n", encoding="utf-8")
    assert runner.invoke(app, ["build"]).exit_code == 2  # no config: nothing to log it in...
    (project / "briefgen.toml").write_text("strict = true\n", encoding="utf-8")
    (project / "seeds" / "b.txt").write_text("", encoding="utf-8")
    log = (project / "out" / ".briefgen" / "runs.log").read_text(encoding="utf-8").splitlines()
    runs = [json.loads(line) for line in log]
    assert [(r["command"], r["outcome"], r["changed"]) for r in runs] == [
        ("build", "ok", True),
        ("build", "unchanged", False),
    ]
    assert runs[0]["pages"] == 1 and runs[0]["pdf"].startswith("安义高新技术产业园区发展简报_")
    with open(project / "out" / ".briefgen" / "runs.log", "a", encoding="utf-8") as f:
        f.write('{"time": "2026-12-0')  # a line cut short
    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0, status.output
    assert "安义高新技术产业园区发展简报_" in status.output and "nothing sent yet" in status.output
    assert "last 2 run(s)" in status.output and "unchanged" in status.output
    assert "1 unreadable line(s)" in status.output


def test_a_future_published_date_is_refused(project):
    """It would become the period of 今年以来 / 截至目前 without a word."""
    import datetime as dt

    future = dt.date.today() + dt.timedelta(days=40)
    (project / "seeds" / "sources.toml").write_text(f'["a.txt"]\npublished = {future}\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", "seeds"])
    assert result.exit_code == 3
    (line,) = result.output.splitlines()
    assert "sources.toml" in line and f"'a.txt.published' is {future}, a date in the future" in line
    (project / "seeds" / "sources.toml").write_text('["a.txt"]\npublished = 2022-06-14\n', encoding="utf-8")
    assert runner.invoke(app, ["extract", "seeds"]).exit_code == 0
