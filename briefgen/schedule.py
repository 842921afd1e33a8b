"""`briefgen schedule --print systemd|cron`: ready-to-install scheduler entries.

Both run ``briefgen build --fetch --if-changed --mail --quiet`` in the project
folder: new articles are fetched from the followed feeds, nothing happens when
no article changed, the brief is mailed once when one did, and output (hence
cron's mail to the owner) appears only on errors.

- Names per configuration: ``briefgen-<name>.service``/``.timer``, the name
  from ``--name``, else the config file's or the project folder's name, so two
  parks on one account get two pairs (each with its own folder, lock and state).
- A failed send is retried sooner than next month: systemd restarts the
  service after a failure (``Restart=on-failure``, every 30 minutes, at most
  6 times in 12 hours; never for errors a retry cannot mend: configuration,
  sources, templates, fonts, --strict); cron gets a second, hourly line,
  ``briefgen mail --pending``, which only finishes an incomplete send and
  otherwise does nothing.
- The SMTP login: ``[mail] login_file``, which briefgen reads itself
  (briefgen/loginfile.py), so cron and systemd read it the same way; no
  EnvironmentFile, no shell sourcing.
"""

from __future__ import annotations

import hashlib
import re
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
UNIT = "briefgen"
RETRY_EVERY = "30min"  # systemd: after a failed run (e.g. mail greylisted), try again this much later
RETRY_LIMIT = (6, "12h")  # at most this many starts in this long, then wait for the next timer
NO_RETRY = "2 3 4 5 8"  # exit codes a retry cannot mend (README: exit codes)


def unit_name(workdir: Path, config: Path | None = None, name: str | None = None) -> str:
    """``briefgen-<name>``: ``name``, else the config file's stem (parkA.toml), else the
    project folder's; non-ASCII names become a short digest of the folder's path."""
    if name is not None:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
            raise ValueError(f"--name must be letters, digits, '-', '_' or '.', not {name!r}")
        return f"{UNIT}-{name}"
    stem = config.stem if config is not None and config.stem != "briefgen" else workdir.name
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    where = str(config or workdir).encode("utf-8", "surrogateescape")
    return f"{UNIT}-{slug or hashlib.sha256(where).hexdigest()[:8]}"


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
    return [*args, *_config_args(config)]


def _config_args(config: Path | None) -> list[str]:
    return ["--config", str(config)] if config else []


def _parse_time(at: str) -> tuple[int, int]:
    try:
        hour, minute = (int(x) for x in at.split(":"))
    except ValueError:
        raise ValueError(f"--at must be HH:MM, not {at!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"--at must be HH:MM, not {at!r}")
    return hour, minute


def systemd_units(
    workdir: Path,
    *,
    every: str = "monthly",
    at: str = "08:00",
    config: Path | None = None,
    name: str | None = None,
) -> str:
    """A service + timer pair (user units), with install instructions as comments."""
    hour, minute = _parse_time(at)
    unit = unit_name(workdir, config, name)
    command = shlex.join([*briefgen_command(), *_args(config)]).replace("%", "%%")  # % starts a specifier
    workdir_text = str(workdir).replace("%", "%%")
    burst, interval = RETRY_LIMIT
    return f"""\
# ~/.config/systemd/user/{unit}.service
[Unit]
Description=Rebuild the park brief in {workdir_text} when its articles changed, and mail it
# retries after failures: at most {burst} starts in {interval}, then the next timer run
StartLimitIntervalSec={interval}
StartLimitBurst={burst}

[Service]
Type=oneshot
WorkingDirectory={workdir_text}
# SMTP login: [mail] login_file in briefgen.toml (NAME=value lines, chmod 600), read by briefgen
ExecStart={command}
# 75 = another run still holds the lock: not a failure, the next run catches up
SuccessExitStatus=75
# a failed run (mail not accepted yet, disk full...) is tried again {RETRY_EVERY} later;
# configuration, source, template, font and --strict errors wait for a person
Restart=on-failure
RestartSec={RETRY_EVERY}
RestartPreventExitStatus={NO_RETRY}

# ~/.config/systemd/user/{unit}.timer
[Unit]
Description=Run {unit}.service {every}

[Timer]
OnCalendar={EVERY[every][0]} {hour:02d}:{minute:02d}:00
# catch up after the machine was off at the scheduled time
Persistent=true
RandomizedDelaySec=5min

[Install]
WantedBy=timers.target

# Install: save the two parts above under those names, then
#   systemctl --user daemon-reload && systemctl --user enable --now {unit}.timer
#   loginctl enable-linger "$USER"     # run even when you are not logged in
# Check: briefgen status; systemctl --user list-timers {unit}.timer; journalctl --user -u {unit}.service
"""


def cron_line(
    workdir: Path,
    *,
    every: str = "monthly",
    at: str = "08:00",
    config: Path | None = None,
    name: str | None = None,
) -> str:
    """Two crontab lines: the scheduled build, and an hourly ``mail --pending`` that finishes a
    send an earlier run could not complete (a cheap no-op otherwise). cron mails its owner
    whatever they print, and --quiet prints only errors."""
    hour, minute = _parse_time(at)
    command = shlex.join([*briefgen_command(), *_args(config)])
    retry = shlex.join([*briefgen_command(), "mail", "--pending", "--quiet", *_config_args(config)])
    cd = shlex.quote(str(workdir))
    command, retry, cd = (x.replace("%", r"\%") for x in (command, retry, cd))  # cron reads % as a newline
    return f"""\
# {unit_name(workdir, config, name)}: add with `crontab -e`.
# SMTP login: [mail] login_file in briefgen.toml (NAME=value lines, chmod 600), read by briefgen.
# Exit code 75 means the previous run still held the lock; the next run catches up.
{minute} {hour} {EVERY[every][1]} cd {cd} && {command}
{(minute + 30) % 60} * * * * cd {cd} && {retry}
"""


def render(
    kind: str,
    workdir: Path,
    *,
    every: str = "monthly",
    at: str = "08:00",
    config: Path | None = None,
    name: str | None = None,
) -> str:
    if every not in EVERY:
        raise ValueError(f"--every must be one of {', '.join(EVERY)}")
    if kind == "systemd":
        return systemd_units(workdir, every=every, at=at, config=config, name=name)
    if kind == "cron":
        return cron_line(workdir, every=every, at=at, config=config, name=name)
    raise ValueError(f"--print must be systemd or cron, not {kind!r}")
