"""Mail the latest brief: SMTP over STARTTLS or implicit TLS, PDF attached.

- The login comes only from the environment variables named in [mail]
  (``username_env`` / ``password_env``); it is never read from the config file
  or the command line, never printed, never logged.
- A brief is sent once: ``<out>/.briefgen/mail.json`` remembers which PDF (by
  hash) went to which recipients under which Message-ID. Running again sends
  nothing unless the brief changed (or ``force``), and a send interrupted half
  way only goes to the recipients still missing, with the same Message-ID.
- Temporary failures (4xx replies, refused connections, drops) are retried
  with exponential backoff; permanent ones (5xx, bad certificate) are not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from types import SimpleNamespace

from briefgen.config import Config, MailConfig
from briefgen.errors import ConfigError, MailError, TemplateError
from briefgen.history import changes_from_json, last_record, latest_of
from briefgen.lock import BuildLock, state_dir
from briefgen.resources import templates_dir
from briefgen.wording import period_text

MAIL_STATE = "mail.json"
BODY_TEMPLATE = "mail_body.txt.j2"
RETRY_DELAY = 5.0  # seconds before the first retry; doubles each time


@dataclass(frozen=True)
class MailResult:
    sent: bool
    reason: str  # "sent" | "already sent" | "dry run"
    pdf: Path
    recipients: tuple[str, ...] = ()  # delivered to in this run
    eml: Path | None = None
    message_id: str | None = None


class _Temporary(Exception):
    """A failure worth retrying."""


def send_latest(
    cfg: Config,
    *,
    force: bool = False,
    dry_run: bool = False,
    env: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    retry_delay: float = RETRY_DELAY,
) -> MailResult:
    """Send the latest brief in ``cfg.out_dir`` unless it has been sent already."""
    env = os.environ if env is None else env
    mcfg = cfg.mail
    if mcfg.cafile:  # relative to briefgen.toml, like every other path
        mcfg = replace(mcfg, cafile=str(cfg.path(Path(mcfg.cafile))))
        cfg = replace(cfg, mail=mcfg)
    out = cfg.out_dir
    with BuildLock(out):
        record = last_record(state_dir(out))
        pdf = out / Path(record["pdf"]).name if record and record.get("pdf") else None
        if pdf is None or not pdf.is_file():
            raise MailError(f"no brief to send in {out}; run `briefgen build` first")
        assert record is not None  # pdf is None without a record
        _check_settings(cfg, need_server=not dry_run)
        data = pdf.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        state_path = state_dir(out) / MAIL_STATE
        state = _load_state(state_path)

        if dry_run:
            msg = build_message(cfg, record, pdf, data, message_id=make_msgid(domain=_domain(mcfg)))
            eml = pdf.with_suffix(".eml")
            _write(eml, msg.as_bytes(policy=policy.SMTP))
            return MailResult(False, "dry run", pdf, mcfg.recipients, eml, msg["Message-ID"])

        if force or state.get("sha256") != digest:
            # the name only, like history.json: the out folder's name may not be UTF-8
            state = {
                "sha256": digest,
                "pdf": pdf.name,
                "message_id": make_msgid(domain=_domain(mcfg)),
                "date": format_datetime(dt.datetime.now(dt.UTC).astimezone()),
                "delivered": [],
            }
        pending = [r for r in mcfg.recipients if r not in state["delivered"]]
        if not pending:
            return MailResult(False, "already sent", pdf, (), None, state["message_id"])
        _save_state(state_path, state)  # the Message-ID is fixed before the first attempt

        msg = build_message(cfg, record, pdf, data, message_id=state["message_id"], date=state["date"])

        def delivered(rcpts: Iterable[str]) -> None:
            state["delivered"] = [*state["delivered"], *rcpts]
            state["sent"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            _save_state(state_path, state)

        done = deliver(
            msg, pending, mcfg, env=env, on_delivered=delivered, sleep=sleep, retry_delay=retry_delay
        )
        return MailResult(True, "sent", pdf, tuple(done), None, state["message_id"])


def build_message(
    cfg: Config, record: dict, pdf: Path, data: bytes, *, message_id: str, date: str | None = None
) -> EmailMessage:
    mcfg = cfg.mail
    context = mail_context(cfg, record, pdf)
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = " ".join(_render_string(mcfg.subject, context, "mail.subject", cfg).split())
    msg["From"] = mcfg.sender
    msg["To"] = ", ".join(mcfg.recipients)
    msg["Date"] = date or format_datetime(dt.datetime.now(dt.UTC).astimezone())
    msg["Message-ID"] = message_id
    msg.set_content(_render_body(cfg, context), cte="base64")
    # filename with non-ASCII characters is written per RFC 2231 (filename*=utf-8''…)
    msg.add_attachment(
        data, maintype="application", subtype="pdf", filename=pdf.name, params={"name": pdf.name}
    )
    return msg


def mail_context(cfg: Config, record: dict, pdf: Path) -> dict:
    built = str(record.get("built") or "")[:10]
    try:
        day = dt.date.fromisoformat(built)
        period = record.get("period") or f"{day.year}年{day.month}月"
    except ValueError:
        period = record.get("period") or built
    changes = changes_from_json(record.get("changes"))
    return {
        "title": record.get("title") or pdf.stem,
        "park": cfg.park or record.get("park"),
        "period": period,
        "date": _date_text(built),
        "documents": record.get("documents"),
        "pdf_name": pdf.name,
        "headlines": headlines(record.get("indicators", [])),
        # attributes, not dict keys: `changes.items` must not be dict.items in jinja2
        "changes": None
        if changes is None
        else SimpleNamespace(
            since=_date_text(changes.since),
            first_build=changes.first_build,
            items=[SimpleNamespace(**vars(i), period_text=period_text(i.period)) for i in changes.items],
        ),
    }


def _date_text(iso: str | None) -> str | None:
    """2026-10-01 -> 2026年10月1日"""
    try:
        day = dt.date.fromisoformat(iso or "")
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日"


def headlines(indicators: list[dict], limit: int = 6) -> list[dict]:
    """The KPI indicators (catalog ``headline`` > 0, in that order), else the first few."""
    with_points = [i for i in indicators if i.get("points")]
    chosen = sorted((i for i in with_points if i.get("headline", 0) > 0), key=lambda i: i["headline"])
    chosen = chosen or with_points
    return [
        {"name": i["name"], "value": latest_of(i)["text"], "period": period_text(latest_of(i)["period"])}
        for i in chosen[:limit]
    ]


def deliver(
    msg: EmailMessage,
    recipients: list[str],
    mcfg: MailConfig,
    *,
    env: Mapping[str, str],
    on_delivered: Callable[[list[str]], None] = lambda r: None,
    sleep: Callable[[float], None] = time.sleep,
    retry_delay: float = RETRY_DELAY,
) -> list[str]:
    """Send ``msg`` to ``recipients``; returns those who got it. Retries temporary failures only
    for the recipients not yet accepted, so nobody receives it twice."""
    login = _login(mcfg, env)
    if login is not None and mcfg.security == "none" and not _loopback(mcfg.host):
        raise MailError(
            "refusing to send the SMTP password unencrypted; set mail.security to starttls or tls"
        )
    payload = msg.as_bytes(policy=policy.SMTP)
    pending = list(recipients)
    done: list[str] = []
    rejected: dict[str, str] = {}
    last_error = ""
    for attempt in range(mcfg.retries + 1):
        if attempt:
            sleep(retry_delay * 2 ** (attempt - 1))
        try:
            accepted, temporary, permanent = _send_once(payload, mcfg, login, pending)
        except _Temporary as exc:
            last_error = str(exc)
            continue
        if accepted:
            done += accepted
            on_delivered(accepted)
        rejected.update(permanent)
        pending = list(temporary)
        if not pending:
            break
        last_error = "; ".join(f"{r}: {why}" for r, why in temporary.items())
    if rejected:
        why = "; ".join(f"{r}: {reason}" for r, reason in rejected.items())
        also = f" (delivered to {', '.join(done)})" if done else ""
        raise MailError(f"recipient(s) refused: {why}{also}")
    if pending:
        raise MailError(
            f"gave up after {mcfg.retries + 1} attempts to {mcfg.host}:{mcfg.port}: "
            f"{last_error}; "
            "the brief is kept and the next run will retry"
        )
    return done


def _send_once(
    payload: bytes, mcfg: MailConfig, login: tuple[str, str] | None, rcpts: list[str]
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """One connection. Returns (accepted, temporarily refused, permanently refused)."""
    try:
        with _connect(mcfg, login) as smtp:
            refused = smtp.sendmail(_address(mcfg.sender), [_address(r) for r in rcpts], payload)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"{mcfg.host}: login refused ({exc.smtp_code} {_reply(exc)}); check the "
            f"{mcfg.username_env} / {mcfg.password_env} environment variables"
        ) from None
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise _Temporary(f"{exc.smtp_code} {_reply(exc)}") from None
        raise MailError(f"{mcfg.host} refused the message: {exc.smtp_code} {_reply(exc)}") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(
            f"{mcfg.host}: TLS certificate not trusted ({exc.verify_message}); "
            "set mail.cafile for a private CA"
        ) from None
    except ssl.SSLError as exc:
        raise MailError(
            f"{mcfg.host}:{mcfg.port}: TLS failed ({exc.reason}); check mail.security and mail.port"
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise _Temporary(f"connection dropped: {exc}") from None
    except smtplib.SMTPException as exc:  # e.g. no AUTH offered: retrying will not help
        raise MailError(f"{mcfg.host}: {exc}") from None
    except OSError as exc:  # refused connections, timeouts, resets
        raise _Temporary(f"{type(exc).__name__}: {exc}") from None
    by_address = {_address(r): r for r in rcpts}  # back to the config's spelling ("名字 <a@b>")
    temporary: dict[str, str] = {}
    permanent: dict[str, str] = {}
    for address, (code, message) in refused.items():
        bucket = temporary if 400 <= code < 500 else permanent
        bucket[by_address.get(address, address)] = f"{code} {_text(message)}"
    return [r for r in rcpts if _address(r) not in refused], temporary, permanent


def _connect(mcfg: MailConfig, login: tuple[str, str] | None) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=mcfg.cafile)
    if mcfg.security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(mcfg.host, mcfg.port, timeout=mcfg.timeout, context=context)
    else:
        smtp = smtplib.SMTP(mcfg.host, mcfg.port, timeout=mcfg.timeout)
    try:
        smtp.ehlo()
        if mcfg.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise MailError(f"{mcfg.host}:{mcfg.port} does not offer STARTTLS; set mail.security")
            smtp.starttls(context=context)
            smtp.ehlo()
        if login is not None:
            smtp.login(*login)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _login(mcfg: MailConfig, env: Mapping[str, str]) -> tuple[str, str] | None:
    user, password = env.get(mcfg.username_env), env.get(mcfg.password_env)
    if not user and not password:
        return None
    if not user or not password:
        missing = mcfg.username_env if not user else mcfg.password_env
        raise MailError(
            f"environment variable {missing} is not set (the SMTP login needs both "
            f"{mcfg.username_env} and {mcfg.password_env})"
        )
    return user, password


def _check_settings(cfg: Config, *, need_server: bool) -> None:
    mcfg = cfg.mail
    where = cfg.config_file or "briefgen.toml"
    if not mcfg.recipients:
        raise ConfigError("'mail.recipients' is empty: list who gets the brief", path=where)
    if not mcfg.sender:
        raise ConfigError("'mail.sender' is not set", path=where)
    if need_server and not mcfg.host:
        raise ConfigError("'mail.host' is not set", path=where)


def _render_body(cfg: Config, context: dict) -> str:
    path = cfg.path(Path(cfg.mail.template)) if cfg.mail.template else templates_dir() / BODY_TEMPLATE
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"cannot read mail template: {exc.strerror}", path=path) from None
    return _render(source, context, str(path))


def _render_string(source: str, context: dict, key: str, cfg: Config) -> str:
    return _render(source, context, f"{cfg.config_file or 'briefgen.toml'} ({key})")


def _render(source: str, context: dict, name: str) -> str:
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"line {exc.lineno}: {exc.message}", path=name) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{exc.message}", path=name) from None


def _load_state(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("delivered"), list):
        return {}
    return data


def _save_state(path: Path, state: dict) -> None:
    _write(path, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    from briefgen.publish import write_atomic

    write_atomic(path, data)


def _address(who: str) -> str:
    """'简报 <brief@example.com>' -> 'brief@example.com' (the SMTP envelope takes bare addresses)."""
    return parseaddr(who)[1] or who


def _domain(mcfg: MailConfig) -> str:
    return _address(mcfg.sender).rpartition("@")[2] or socket.getfqdn()


def _loopback(host: str) -> bool:
    return host in ("localhost", "127.0.0.1", "::1")


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _text(exc.smtp_error)


def _text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
