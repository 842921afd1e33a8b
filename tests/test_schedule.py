"""`briefgen schedule --print systemd|cron` and `briefgen init`."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import tomllib

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.config import load_config
from briefgen.init_config import config_text
from briefgen.schedule import cron_line, systemd_units

runner = CliRunner()


def _units(text: str) -> dict[str, configparser.ConfigParser]:
    """Split the printed pair on its '# <path>' headers and parse each unit."""
    units, name, lines = {}, None, []
    for line in text.splitlines() + ["# ~/.config/systemd/user/end"]:
        if line.startswith("# ~/.config/systemd/user/"):
            if name:
                parser = configparser.ConfigParser(strict=False, interpolation=None)
                parser.optionxform = str
                parser.read_string("\n".join(lines))
                units[name] = parser
            name, lines = line.rsplit("/", 1)[1], []
        elif name:
            lines.append(line)
    return units


def test_systemd_pair_runs_the_unattended_build_in_the_project(tmp_path):
    units = _units(systemd_units(tmp_path, every="monthly", at="07:30", name="anyi"))
    service, timer = units["briefgen-anyi.service"], units["briefgen-anyi.timer"]
    assert service["Service"]["WorkingDirectory"] == str(tmp_path)
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[-5:] == ["build", "--fetch", "--if-changed", "--mail", "--quiet"]
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["SuccessExitStatus"] == "75"
    assert timer["Timer"]["OnCalendar"] == "*-*-01 07:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    # a failed run (mail greylisted) is retried within the hour, not next month; a broken config is not
    assert service["Service"]["Restart"] == "on-failure" and service["Service"]["RestartSec"] == "30min"
    assert set(service["Service"]["RestartPreventExitStatus"].split()) == {"2", "3", "4", "5", "8"}
    assert "EnvironmentFile" not in service["Service"]  # the login file is read by briefgen itself


def test_cron_line_fields_and_quoting(tmp_path):
    work = tmp_path / "my park"
    line = [ln for ln in cron_line(work, every="weekly", at="06:05").splitlines() if not ln.startswith("#")]
    assert len(line) == 2
    retry = line[1].split(" ", 5)
    assert retry[:5] == ["35", "*", "*", "*", "*"] and retry[5].endswith("mail --pending --quiet")
    minute, hour, dom, month, dow, command = line[0].split(" ", 5)
    assert (minute, hour, dom, month, dow) == ("5", "6", "*", "*", "1")
    assert f"cd {shlex.quote(str(work))} &&" in command
    assert command.endswith("build --fetch --if-changed --mail --quiet")


def test_cli_prints_and_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schedule", "--print", "cron", "--every", "daily", "--at", "23:59"])
    assert result.exit_code == 0, result.output
    assert "59 23 * * * cd" in result.output
    assert runner.invoke(app, ["schedule", "--print", "cron", "--at", "25:00"]).exit_code == 2
    assert runner.invoke(app, ["schedule", "--print", "launchd"]).exit_code == 2


def test_config_file_outside_the_folder_is_passed_on(tmp_path, monkeypatch):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('out = "o"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schedule", "--print", "systemd", "--config", str(cfg)])
    assert result.exit_code == 0
    assert f"--config {cfg}" in result.output


def test_init_writes_a_commented_config_that_loads_to_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "--park", "安义高新技术产业园区"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "briefgen.toml").read_text(encoding="utf-8")
    assert text.count("#") > 20  # commented
    cfg = load_config(root=tmp_path)
    assert cfg.park == "安义高新技术产业园区" and cfg.mail.recipients == ()
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 6 and "already exists" in again.output
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0


def test_init_template_mentions_every_key():
    from briefgen.config import _MAIL, _TOP

    text = config_text()
    for key in _TOP:
        assert f"{key} =" in text, key
    mail_part = text.split("[mail]", 1)[1]
    for key in _MAIL:
        assert f"{key} =" in mail_part, key
    # uncommented, the example mail table is valid too
    uncommented = "\n".join(ln[2:] if ln.startswith("# ") and " = " in ln else ln for ln in text.splitlines())
    tomllib.loads(uncommented)


def test_two_parks_on_one_account_get_their_own_units(tmp_path):
    a = _units(systemd_units(tmp_path / "parks", config=tmp_path / "parks" / "anyi.toml"))
    b = _units(systemd_units(tmp_path / "parks", config=tmp_path / "parks" / "gaoxin.toml"))
    assert set(a) == {"briefgen-anyi.service", "briefgen-anyi.timer"}
    assert set(b) == {"briefgen-gaoxin.service", "briefgen-gaoxin.timer"}
    assert "--config" in a["briefgen-anyi.service"]["Service"]["ExecStart"]
    chinese = _units(systemd_units(tmp_path / "安义园区"))  # a name systemd cannot take: a digest
    assert all(re.fullmatch(r"briefgen-[0-9a-f]{8}\.(service|timer)", n) for n in chinese)
    assert "# briefgen-anyi:" in cron_line(tmp_path, config=tmp_path / "anyi.toml")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_printed_units_pass_systemd_analyze_verify(tmp_path):
    folder = tmp_path / "units"
    folder.mkdir()
    text = systemd_units(tmp_path, name="anyi")
    for name, unit in re.findall(r"# ~/.config/systemd/user/(\S+)\n(.*?)(?=\n# ~/|\n# Install)", text, re.S):
        (folder / name).write_text(unit, encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["briefgen-anyi.service", "briefgen-anyi.timer"]
    done = subprocess.run(
        ["systemd-analyze", "verify", *(str(p) for p in sorted(folder.iterdir()))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown" not in done.stderr and "ignoring" not in done.stderr.lower(), done.stderr


def test_cli_name_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["schedule", "--print", "systemd", "--name", "anyi"])
    assert result.exit_code == 0 and "briefgen-anyi.timer" in result.output
    assert runner.invoke(app, ["schedule", "--print", "cron", "--name", "a b"]).exit_code == 2
