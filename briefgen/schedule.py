"""`briefgen schedule --print systemd|cron`: ready-to-install scheduler entries.

Both run ``briefgen build --fetch --if-changed --mail --quiet`` in the project
folder: new articles are fetched from the followed feeds, nothing happens when
no article changed, the brief is mailed once when one did, and output (hence
cron's mail to the owner) appears only on errors. The SMTP login comes from an
environment file only its owner can read.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

EVERY = {
    # name: (systemd OnCalendar date part, cron day/month/weekday fields)
    "monthly": ("*-*-01", "1 * *"),
    "weekly": ("Mon *-*-*", "* * 1"),
    "daily": ("*-*-*", "* * *"),
}
ENV_FILE = "~/.config/briefgen/smtp.env"
UNIT = "briefgen"


def briefgen_command() -> list[str]:
    """The briefgen that is running now, by absolute path (cron and systemd have a bare PATH)."""
    script = Path(sys.executable).parent / ("briefgen.exe" if sys.platform == "win32" else "briefgen")
    if script.is_file():
        return [str(script)]
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


def _args(config: Path | None) -> list[str]:
    # --fetch first downloads new articles ([[feed]]/[[page]] in sources.toml; none: a no-op)
    args = ["build", "--fetch", "--if-changed", "--mail", "--quiet"]
    return [*args, "--config", str(config)] if config else args


def _parse_time(at: str) -> tuple[int, int]:
    try:
        hour, minute = (int(x) for x in at.split(":"))
    except ValueError:
        raise ValueError(f"--at must be HH:MM, not {at!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"--at must be HH:MM, not {at!r}")
    return hour, minute


def systemd_units(
    workdir: Path, *, every: str = "monthly", at: str = "08:00", config: Path | None = None
) -> str:
    """A service + timer pair (user units), with install instructions as comments."""
    hour, minute = _parse_time(at)
    command = shlex.join([*briefgen_command(), *_args(config)]).replace("%", "%%")  # % starts a specifier
    workdir_text = str(workdir).replace("%", "%%")
    return f"""\
# ~/.config/systemd/user/{UNIT}.service
[Unit]
Description=Rebuild the park brief when its articles changed, and mail it

[Service]
Type=oneshot
WorkingDirectory={workdir_text}
# SMTP login: BRIEFGEN_SMTP_USER=... and BRIEFGEN_SMTP_PASSWORD=... in this file (chmod 600)
EnvironmentFile=-%h/.config/briefgen/smtp.env
ExecStart={command}
# 75 = another run still holds the lock: not a failure, the next run catches up
SuccessExitStatus=75

# ~/.config/systemd/user/{UNIT}.timer
[Unit]
Description=Run {UNIT}.service {every}

[Timer]
OnCalendar={EVERY[every][0]} {hour:02d}:{minute:02d}:00
# catch up after the machine was off at the scheduled time
Persistent=true
RandomizedDelaySec=5min

[Install]
WantedBy=timers.target

# Install: save the two parts above under those names, then
#   systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer
#   loginctl enable-linger "$USER"     # run even when you are not logged in
# Check: systemctl --user list-timers {UNIT}.timer; journalctl --user -u {UNIT}.service
"""


def cron_line(workdir: Path, *, every: str = "monthly", at: str = "08:00", config: Path | None = None) -> str:
    """One crontab line; cron mails its owner whatever it prints, and --quiet prints only errors."""
    hour, minute = _parse_time(at)
    command = shlex.join([*briefgen_command(), *_args(config)])
    cd = shlex.quote(str(workdir))
    load_env = f"{{ [ ! -r {ENV_FILE} ] || {{ set -a; . {ENV_FILE}; set +a; }}; }}"  # optional env file
    command, cd = command.replace("%", r"\%"), cd.replace("%", r"\%")  # cron reads % as a newline
    return f"""\
# Add with `crontab -e`. SMTP login in {ENV_FILE} (chmod 600):
#   BRIEFGEN_SMTP_USER=...   BRIEFGEN_SMTP_PASSWORD=...
# Exit code 75 means the previous run still held the lock; the next run catches up.
{minute} {hour} {EVERY[every][1]} cd {cd} && {load_env} && {command}
"""


def render(
    kind: str, workdir: Path, *, every: str = "monthly", at: str = "08:00", config: Path | None = None
) -> str:
    if every not in EVERY:
        raise ValueError(f"--every must be one of {', '.join(EVERY)}")
    if kind == "systemd":
        return systemd_units(workdir, every=every, at=at, config=config)
    if kind == "cron":
        return cron_line(workdir, every=every, at=at, config=config)
    raise ValueError(f"--print must be systemd or cron, not {kind!r}")
