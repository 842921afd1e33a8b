"""Every command is documented: --help works, says what it does and shows an example."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from briefgen import __version__
from briefgen.cli import app

runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"briefgen {__version__}"


def test_top_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output
    assert "Example" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`briefgen {command} --help` shows no example"


def test_console_script_entry_point_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "briefgen", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout
