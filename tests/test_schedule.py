"""`briefgen schedule --print systemd|cron` and `briefgen init`."""

from __future__ import annotations

import configparser
import shlex
import tomllib

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
    units = _units(systemd_units(tmp_path, every="monthly", at="07:30"))
    service, timer = units["briefgen.service"], units["briefgen.timer"]
    assert service["Service"]["WorkingDirectory"] == str(tmp_path)
    argv = shlex.split(service["Service"]["ExecStart"])
    assert argv[-5:] == ["build", "--fetch", "--if-changed", "--mail", "--quiet"]
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["SuccessExitStatus"] == "75"
    assert timer["Timer"]["OnCalendar"] == "*-*-01 07:30:00"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_cron_line_fields_and_quoting(tmp_path):
    work = tmp_path / "my park"
    line = [ln for ln in cron_line(work, every="weekly", at="06:05").splitlines() if not ln.startswith("#")]
    assert len(line) == 1
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
