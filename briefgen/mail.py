"""Mail the latest brief: SMTP over STARTTLS or implicit TLS, PDF attached.

- The login comes only from the environment variables named in [mail]
  (``username_env`` / ``password_env``); it is never read from the config file
  or the command line, never printed, never logged.
- A brief is sent once: ``<out>/.briefgen/mail.json`` remembers which brief (by
  its content: title, period, figures, 本期更新 — not the PDF's bytes, which a
  rebuild changes) went to which recipients under which Message-ID. Running
  again sends nothing unless the brief changed (or ``force``), and a send
  interrupted half way only goes to the recipients still missing, with the same
  Message-ID: that send stays *pending* and any later run finishes it.
- A damaged mail.json is kept aside and the brief is not sent again on a guess
  (it may have gone out): the run says so and ``--force`` sends it.
- Temporary failures (4xx replies, refused connections, drops) are retried
  with exponential backoff; permanent ones (5xx, bad certificate) are not.
- The message is multipart: plain text and HTML (the headline table), and the
  PDF, its Chinese name given both per RFC 2231 (``filename*=``, standard) and
  as an RFC 2047 word (``name="=?utf-8?b?…?="``, what Outlook and Foxmail read).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import smtplib
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from types import SimpleNamespace

from briefgen.addresses import bare
from briefgen.config import Config, MailConfig
from briefgen.errors import ConfigError, MailError, TemplateError
from briefgen.history import changes_from_json, last_record, latest_of
from briefgen.lock import BuildLock, state_dir
from briefgen.loginfile import read_login_file
from briefgen.mailstate import MAIL_STATE, pending_send
from briefgen.manifest import shown_path
from briefgen.publish import on_disk
from briefgen.resources import templates_dir
from briefgen.statefile import DamagedState, read_json
from briefgen.wording import period_text

BODY_TEMPLATE = "mail_body.txt.j2"
HTML_SUFFIX = (".txt.j2", ".html.j2")  # the HTML body is the text template's sibling
RETRY_DELAY = 5.0  # seconds before the first retry; doubles each time
_POLICY = policy.SMTP.clone(refold_source="none")  # keeps the attachment's hand-folded headers


@dataclass(frozen=True)
class MailResult:
    sent: bool
    reason: str  # "sent" | "already sent" | "dry run" | "nothing pending"
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
    pending_only: bool = False,
    env: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    retry_delay: float = RETRY_DELAY,
) -> MailResult:
    """Send the latest brief in ``cfg.out_dir`` unless it has been sent already.
    ``pending_only``: only finish a send that earlier runs left incomplete."""
    env = os.environ if env is None else env
    mcfg = cfg.mail
    if mcfg.cafile:  # relative to briefgen.toml, like every other path
        mcfg = replace(mcfg, cafile=str(cfg.path(Path(mcfg.cafile))))
        cfg = replace(cfg, mail=mcfg)
    if mcfg.login_file and not dry_run:  # the file fills in what the environment does not set
        env = {**read_login_file(cfg.path(Path(mcfg.login_file).expanduser())), **env}
    out = cfg.out_dir
    with BuildLock(out):
        try:
            record = last_record(state_dir(out))
        except DamagedState as exc:
            raise MailError(f"{exc}; run `briefgen build` to record the brief again") from None
        pdf = out / on_disk(Path(record["pdf"]).name) if record and record.get("pdf") else None
        if pdf is None or not pdf.is_file():
            raise MailError(f"no brief to send in {out}; run `briefgen build` first")
        assert record is not None  # pdf is None without a record
        _check_settings(cfg, need_server=not dry_run)
        data = pdf.read_bytes()
        content = content_key(record)
        state_path = state_dir(out) / MAIL_STATE

        if dry_run:
            msg = build_message(cfg, record, pdf, data, message_id=make_msgid(domain=_domain(mcfg)))
            eml = pdf.with_suffix(".eml")
            _write(eml, msg.as_bytes(policy=_POLICY))
            return MailResult(False, "dry run", pdf, mcfg.recipients, eml, msg["Message-ID"])

        try:
            state = read_json(state_path, valid=lambda d: isinstance(d.get("delivered"), list)) or {}
        except DamagedState as exc:
            if force:
                state = {}
            else:  # it may have gone out already: no resend on a guess
                _save_state(state_path, _new_state(record, pdf, content, mcfg, unknown=True))
                raise MailError(
                    f"{exc}; {pdf.name} not sent in case it went out already "
                    "(`briefgen mail --force` sends it)"
                ) from None
        same = _same_brief(state, content, data)
        if pending_only and (not same or state.get("unknown")):
            return MailResult(False, "nothing pending", pdf, (), None, state.get("message_id"))
        if same and state.get("unknown") and not force:
            raise MailError(
                f"whether {pdf.name} went out is unknown (mail.json was damaged); "
                "`briefgen mail --force` sends it"
            )
        if force or not same:
            state = _new_state(record, pdf, content, mcfg)
        pending = [r for r in mcfg.recipients if r not in state["delivered"]]
        if not pending:
            reason = "nothing pending" if pending_only else "already sent"
            return MailResult(False, reason, pdf, (), None, state["message_id"])
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


def content_key(record: dict) -> str:
    """What the brief says (not its PDF bytes, which carry timestamps): a rebuild from
    the same articles is the same brief, and goes out once."""
    said = {k: record.get(k) for k in ("title", "period", "park", "documents", "indicators", "changes")}
    return hashlib.sha256(json.dumps(said, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _same_brief(state: dict, content: str, data: bytes) -> bool:
    if "content" in state:
        return state["content"] == content
    return state.get("sha256") == hashlib.sha256(data).hexdigest()  # records from before content keys


def _new_state(record: dict, pdf: Path, content: str, mcfg: MailConfig, unknown: bool = False) -> dict:
    # the name only, like history.json: the out folder's name may not be UTF-8
    state = {
        "content": content,
        "pdf": shown_path(pdf.name),
        "built": record.get("built"),
        "message_id": make_msgid(domain=_domain(mcfg)),
        "date": format_datetime(dt.datetime.now(dt.UTC).astimezone()),
        "recipients": list(mcfg.recipients),
        "delivered": [],
    }
    return {**state, "unknown": True} if unknown else state


def build_message(
    cfg: Config, record: dict, pdf: Path, data: bytes, *, message_id: str, date: str | None = None
) -> EmailMessage:
    mcfg = cfg.mail
    context = mail_context(cfg, record, pdf)
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = " ".join(_render_string(mcfg.subject, context, "mail.subject", cfg).split())
    msg["From"] = mcfg.sender
    msg["To"] = ", ".join(mcfg.recipients)
    msg["Date"] = date or format_datetime(dt.datetime.now(dt.UTC).astimezone())
    msg["Message-ID"] = message_id
    text_template = _body_template(cfg)
    msg.set_content(_render_body(text_template, context), cte="base64")
    html_template = text_template.with_name(text_template.name.replace(*HTML_SUFFIX))
    if html_template != text_template and html_template.is_file():
        msg.add_alternative(_render_body(html_template, context, html=True), subtype="html", cte="base64")
    msg.add_attachment(data, maintype="application", subtype="pdf")
    _name_attachment(next(msg.iter_attachments()), shown_path(pdf.name))
    if mcfg.attach_data:  # issue 16: every figure of the brief, the data file beside the PDF
        _attach_data_file(msg, pdf)
    return msg


def _attach_data_file(msg: EmailMessage, pdf: Path) -> None:
    from briefgen.datafile import data_path

    csv_file = data_path(pdf)
    if csv_file.is_file():  # a brief built before data files were written has none
        msg.add_attachment(csv_file.read_bytes(), maintype="text", subtype="csv")
        part = list(msg.iter_attachments())[-1]
        _name_attachment(part, shown_path(csv_file.name), "text/csv; charset=utf-8")


def _name_attachment(part: EmailMessage, name: str, mime: str = "application/pdf") -> None:
    """The file name twice: RFC 2231 (``filename*=``) for standard readers and an RFC 2047
    word in quotes for Outlook and Foxmail, folded by hand (the policy would re-encode it)."""
    words = "\n ".join(_encoded_words(name))
    pieces = "\n ".join(
        f"filename*{i}*={'utf-8' + chr(39) * 2 if i == 0 else ''}{chunk};"
        for i, chunk in enumerate(_percent_chunks(name))
    ).rstrip(";")
    for header in ("Content-Type", "Content-Disposition"):
        del part[header]
    part.set_raw("Content-Type", f'{mime};\n name="{words}"')
    part.set_raw("Content-Disposition", f'attachment;\n filename="{words}";\n {pieces}')


def _encoded_words(text: str, limit: int = 39) -> list[str]:
    """=?utf-8?b?…?= words of at most ``limit`` bytes each, never splitting a character."""
    chunks, current = [], b""
    for ch in text:
        if len(current) + len(ch.encode("utf-8")) > limit:
            chunks.append(current)
            current = b""
        current += ch.encode("utf-8")
    chunks.append(current)
    return [f"=?utf-8?b?{base64.b64encode(c).decode('ascii')}?=" for c in chunks if c]


def _percent_chunks(text: str, limit: int = 60) -> list[str]:
    chunks, current = [], ""
    for ch in text:
        quoted = urllib.parse.quote(ch, safe="")
        if current and len(current) + len(quoted) > limit:
            chunks.append(current)
            current = ""
        current += quoted
    return [*chunks, current]


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
        "pdf_name": shown_path(pdf.name),
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
    if login is not None and mcfg.security == "none":  # AUTH in clear text, even to a local relay
        raise MailError(
            'refusing to send the SMTP password unencrypted (mail.security = "none"); set '
            f"mail.security to starttls or tls, or unset {mcfg.username_env} and {mcfg.password_env} "
            "for a relay that needs no login"
        )
    payload = msg.as_bytes(policy=_POLICY)
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
            f"{missing} is not set (the SMTP login needs both {mcfg.username_env} and "
            f"{mcfg.password_env}, in the environment or mail.login_file)"
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


def _body_template(cfg: Config) -> Path:
    return cfg.path(Path(cfg.mail.template)) if cfg.mail.template else templates_dir() / BODY_TEMPLATE


def _render_body(path: Path, context: dict, html: bool = False) -> str:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"cannot read mail template: {exc.strerror}", path=path) from None
    return _render(source, context, str(path), html=html)


def _render_string(source: str, context: dict, key: str, cfg: Config) -> str:
    return _render(source, context, f"{cfg.config_file or 'briefgen.toml'} ({key})")


def _render(source: str, context: dict, name: str, html: bool = False) -> str:
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=html,  # figures and names come from articles: text, never markup
    )
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"line {exc.lineno}: {exc.message}", path=name) from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{exc.message}", path=name) from None


def _save_state(path: Path, state: dict) -> None:
    _write(path, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    from briefgen.publish import write_atomic

    write_atomic(path, data)


_address = bare  # the SMTP envelope takes bare addresses


def _domain(mcfg: MailConfig) -> str:
    return _address(mcfg.sender).rpartition("@")[2] or socket.getfqdn()


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return _text(exc.smtp_error)


def _text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def run_mail(
    cfg: Config, *, force: bool = False, dry_run: bool = False, pending_only: bool = False
) -> MailResult:
    """What `briefgen mail` runs: send_latest, with its line in out/.briefgen/runs.log
    (``--pending`` with nothing pending, the hourly cron no-op, logs nothing)."""
    from briefgen import runlog

    if pending_only and pending_send(cfg.out_dir) is None:
        return MailResult(False, "nothing pending", cfg.out_dir)
    with runlog.logged(cfg.out_dir, "mail") as entry:
        entry["mail"] = "pending"  # "failed" if the send ends in an error
        mailed = send_latest(cfg, force=force, dry_run=dry_run, pending_only=pending_only)
        entry.update(runlog.mail_entry(mailed), pdf=shown_path(mailed.pdf.name))
        return mailed
