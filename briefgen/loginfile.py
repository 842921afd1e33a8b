"""The SMTP login file (``[mail] login_file``): one format that cron and systemd
read the same way, because neither reads it — briefgen does.

A cron line that sources an env file through ``sh`` expands ``$`` and strips
quotes; systemd's EnvironmentFile has rules of its own. So the file is
``NAME=value`` lines read literally: the value is everything after the first
``=`` to the end of the line (no quotes removed, no ``$`` expansion, no
escapes); blank lines and lines starting with ``#`` are skipped. It must be
readable by its owner only (chmod 600). Variables set in the environment win.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from briefgen.errors import MailError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def read_login_file(path: Path) -> dict[str, str]:
    try:
        mode = path.stat().st_mode
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise MailError(f"{path}: login file not found (mail.login_file)") from None
    except OSError as exc:
        raise MailError(f"{path}: cannot read the login file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MailError(f"{path}: the login file is not UTF-8") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise MailError(
            f"{path}: the login file can be read by others (mode {oct(mode & 0o777)}); chmod 600 it"
        )
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not _NAME.fullmatch(name):
            # the line may hold the password: say where, never what
            raise MailError(f"{path}, line {number}: not NAME=value (no spaces around =, no 'export')")
        values[name] = value
    return values
