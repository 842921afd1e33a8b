"""briefgen.toml: defaults, overrides, and errors that name the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import load_config
from briefgen.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    cfg = load_config(root=tmp_path)
    assert cfg.sources_dir == tmp_path / "seeds"
    assert cfg.out_dir == tmp_path / "out"
    assert cfg.config_file is None


def test_file_values_and_relative_paths(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'sources = "docs"\npark = "某某园区"\n[mail]\nport = 465\nsecurity = "tls"\n'
        'recipients = ["a@example.org"]\n',
    )
    cfg = load_config(path)
    assert cfg.sources_dir == tmp_path / "docs"
    assert cfg.park == "某某园区"
    assert cfg.mail.port == 465 and cfg.mail.recipients == ("a@example.org",)


def test_found_in_working_directory(tmp_path: Path) -> None:
    write(tmp_path, 'out = "briefs"\n')
    assert load_config(root=tmp_path).out_dir == tmp_path / "briefs"


def test_cli_overrides_win_and_none_is_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, 'out = "briefs"\npark = "甲"\n')
    cfg = load_config(path, out=Path("/elsewhere"), park=None)
    assert cfg.out_dir == Path("/elsewhere") and cfg.park == "甲"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('sourcez = "seeds"\n', "unknown key 'sourcez'"),
        ("strict = 1\n", "'strict' must be bool"),
        ("max_file_mb = true\n", "'max_file_mb' must be int or float"),
        ('[mail]\nport = "25"\n', "'mail.port' must be int"),
        ('[mail]\nhots = "x"\n', "unknown key 'mail.hots'"),
        ('[mail]\nsecurity = "ssl3"\n', "'mail.security' must be"),
        ("[mail]\nrecipients = [1]\n", "'mail.recipients' must be a list of strings"),
        ("park = \n", "not valid TOML"),
    ],
)
def test_errors_name_file_and_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(str(path)) and fragment in message


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")
