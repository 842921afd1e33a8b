"""Mail through a real SMTP server on loopback (aiosmtpd) with STARTTLS or
implicit TLS and AUTH, a certificate made at test time."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import json
import re
import socket
import ssl
import sys
from dataclasses import replace
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from briefgen import mail
from briefgen.cli import app
from briefgen.config import Config, MailConfig
from briefgen.errors import MailError
from tests import unattended_stub

USER, PASSWORD = "analyst", "s3cret-PaSS-word"
ENV = {"BRIEFGEN_SMTP_USER": USER, "BRIEFGEN_SMTP_PASSWORD": PASSWORD}
PDF_NAME = "安义高新技术产业园区发展简报_"
runner = CliRunner()


# --- a real SMTP server ------------------------------------------------------


@pytest.fixture(scope="module")
def cert(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cryptography)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


class Mailbox:
    """Records accepted messages; scripted failures: ``rcpt_replies[address]`` and
    ``data_replies`` are lists of replies used up one per attempt."""

    def __init__(self) -> None:
        self.messages: list[tuple[tuple[str, ...], bytes]] = []
        self.rcpt_replies: dict[str, list[str]] = {}
        self.data_replies: list[str] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        scripted = self.rcpt_replies.get(address)
        if scripted:
            return scripted.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.messages.append((tuple(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        self.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: the server replies 535 itself

    def received_by(self, address: str) -> int:
        return sum(address in rcpts for rcpts, _ in self.messages)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_context(cert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*cert)
    return context


def _start(box: Mailbox, cert, *, implicit_tls: bool = False, port: int | None = None) -> Controller:
    context = _server_context(cert)
    tls = {"ssl_context": context} if implicit_tls else {"tls_context": context, "require_starttls": True}
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port or _free_port(),
        auth_required=True,
        authenticator=box.authenticate,
        auth_require_tls=not implicit_tls,
        **tls,
    )
    controller.start()
    return controller


@pytest.fixture
def smtp(cert):
    box = Mailbox()
    controller = _start(box, cert)
    yield box, controller.port
    controller.stop()


# --- a project with a built brief --------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("2022年园区工业总产值410亿元。", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    unattended_stub.install(monkeypatch)
    assert runner.invoke(app, ["build"]).exit_code == 0
    return tmp_path


def _config(project: Path, port: int, cert, **mail_settings) -> Config:
    settings = dict(
        host="127.0.0.1",
        port=port,
        security="starttls",
        sender="简报 <brief@example.com>",
        recipients=("leader@example.com", "office@example.com"),
        cafile=str(cert[0]),
        timeout=10.0,
        retries=3,
    )
    settings.update(mail_settings)
    return Config(root=project, mail=MailConfig(**settings))


def _write_toml(project: Path, port: int, cert, security: str = "starttls") -> None:
    (project / "briefgen.toml").write_text(
        f"""
[mail]
host = "127.0.0.1"
port = {port}
security = "{security}"
sender = "简报 <brief@example.com>"
recipients = ["leader@example.com", "office@example.com"]
cafile = "{cert[0]}"
""",
        encoding="utf-8",
    )


def _latest_pdf(project: Path) -> Path:
    return next(p for p in (project / "out").glob(f"{PDF_NAME}*.pdf"))


# --- tests ---------------------------------------------------------------------


def test_starttls_auth_attachment_name_and_subject(project, smtp, cert, monkeypatch):
    box, port = smtp
    _write_toml(project, port, cert)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    result = runner.invoke(app, ["mail"])
    assert result.exit_code == 0, result.output
    assert "sent" in result.output and PASSWORD not in result.output

    assert len(box.messages) == 1 and box.logins[-1][1] is True
    rcpts, raw = box.messages[0]
    assert set(rcpts) == {"leader@example.com", "office@example.com"}
    msg = email.message_from_bytes(raw, policy=policy.default)
    today = dt.date.today()
    assert msg["Subject"] == f"《安义高新技术产业园区发展简报》（{today.year}年{today.month}月）"
    (attachment,) = list(msg.iter_attachments())
    pdf = _latest_pdf(project)
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == pdf.name  # the Chinese name, RFC 2231-decoded
    assert attachment.get_content() == pdf.read_bytes()
    assert b"filename*" in raw  # RFC 2231 parameter encoding, not a raw UTF-8 header
    body = msg.get_body(("plain",)).get_content()
    assert "工业总产值（2022年）：410亿元" in body and "本期为首期简报" in body
    # the password is nowhere on disk either
    for f in (project / "out" / ".briefgen").iterdir():
        assert PASSWORD.encode() not in f.read_bytes()


def test_sent_once_unless_forced(project, smtp, cert):
    box, port = smtp
    cfg = _config(project, port, cert)
    assert mail.send_latest(cfg, env=ENV).sent
    again = mail.send_latest(cfg, env=ENV)
    assert (again.sent, again.reason) == (False, "already sent")
    assert len(box.messages) == 1
    forced = mail.send_latest(cfg, env=ENV, force=True)
    assert forced.sent and len(box.messages) == 2


def test_new_brief_is_sent_again(project, smtp, cert, monkeypatch):
    box, port = smtp
    cfg = _config(project, port, cert)
    mail.send_latest(cfg, env=ENV)
    (project / "seeds" / "b.txt").write_text("2022年工业总产值450亿元。", encoding="utf-8")
    monkeypatch.setenv("STUB_VALUE", "450")
    assert runner.invoke(app, ["build", "--if-changed"]).exit_code == 0
    assert mail.send_latest(cfg, env=ENV).sent
    assert len(box.messages) == 2
    message = email.message_from_bytes(box.messages[1][1], policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    assert "[更新] 工业总产值（2022年）：450亿元（上期 410亿元）" in body


# aiosmtpd cannot tell that implicit TLS is TLS
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls(project, cert):
    box = Mailbox()
    controller = _start(box, cert, implicit_tls=True)
    try:
        result = mail.send_latest(_config(project, controller.port, cert, security="tls"), env=ENV)
    finally:
        controller.stop()
    assert result.sent and len(box.messages) == 1
    assert list(email.message_from_bytes(box.messages[0][1], policy=policy.default).iter_attachments())


def test_temporary_recipient_failure_is_retried_for_that_recipient_only(project, smtp, cert):
    box, port = smtp
    box.rcpt_replies["office@example.com"] = ["450 4.2.1 mailbox busy", "451 4.3.0 try again"]
    delays: list[float] = []
    result = mail.send_latest(_config(project, port, cert), env=ENV, sleep=delays.append, retry_delay=0.01)
    assert result.sent and delays == [0.01, 0.02]  # backoff doubles
    assert box.received_by("leader@example.com") == 1  # no duplicate for the one accepted first
    assert box.received_by("office@example.com") == 1


def test_temporary_data_failure_is_retried(project, smtp, cert):
    box, port = smtp
    box.data_replies = ["451 4.3.0 local error, try later"]
    delays: list[float] = []
    assert mail.send_latest(_config(project, port, cert), env=ENV, sleep=delays.append, retry_delay=0).sent
    assert len(delays) == 1 and len(box.messages) == 1


def test_dropped_connection_is_retried(project, cert):
    box = Mailbox()
    port = _free_port()  # nothing listens yet: the first attempt is refused
    started: list[Controller] = []
    try:
        result = mail.send_latest(
            _config(project, port, cert),
            env=ENV,
            retry_delay=0,
            sleep=lambda s: started or started.append(_start(box, cert, port=port)),
        )
    finally:
        for c in started:
            c.stop()
    assert result.sent and len(box.messages) == 1


def test_permanent_failures_are_not_retried(project, smtp, cert):
    box, port = smtp
    box.data_replies = ["554 5.6.0 message refused"]
    delays: list[float] = []
    with pytest.raises(MailError, match="554") as err:
        mail.send_latest(_config(project, port, cert), env=ENV, sleep=delays.append)
    assert delays == [] and box.messages == [] and err.value.exit_code == 7


def test_permanently_refused_recipient_does_not_block_the_others(project, smtp, cert):
    box, port = smtp
    box.rcpt_replies["office@example.com"] = ["550 5.1.1 no such user"]
    delays: list[float] = []
    with pytest.raises(MailError, match="office@example.com: 550"):
        mail.send_latest(_config(project, port, cert), env=ENV, sleep=delays.append)
    assert delays == [] and box.received_by("leader@example.com") == 1


def test_gave_up_then_next_run_sends_only_to_the_missing_recipient(project, smtp, cert):
    box, port = smtp
    box.rcpt_replies["office@example.com"] = ["452 4.2.2 over quota"] * 2
    cfg = _config(project, port, cert, retries=1)
    with pytest.raises(MailError, match="next run will retry"):
        mail.send_latest(cfg, env=ENV, sleep=lambda s: None)
    assert _latest_pdf(project).is_file()  # the brief is kept
    assert box.received_by("leader@example.com") == 1 and box.received_by("office@example.com") == 0
    second = mail.send_latest(cfg, env=ENV)
    assert second.recipients == ("office@example.com",)
    assert box.received_by("leader@example.com") == 1 and box.received_by("office@example.com") == 1
    ids = {email.message_from_bytes(raw)["Message-ID"] for _, raw in box.messages}
    assert len(ids) == 1  # the same message, not a new one


def test_wrong_password_is_permanent_and_never_shown(project, smtp, cert):
    box, port = smtp
    wrong = {"BRIEFGEN_SMTP_USER": USER, "BRIEFGEN_SMTP_PASSWORD": "wrong-pass-123"}
    delays: list[float] = []
    with pytest.raises(MailError) as err:
        mail.send_latest(_config(project, port, cert), env=wrong, sleep=delays.append)
    assert "535" in str(err.value) and "wrong-pass-123" not in str(err.value)
    assert "BRIEFGEN_SMTP_PASSWORD" in str(err.value) and delays == []


def test_untrusted_certificate_is_refused(project, smtp, cert):
    _, port = smtp
    delays: list[float] = []
    with pytest.raises(MailError, match="not trusted"):
        mail.send_latest(_config(project, port, cert, cafile=None), env=ENV, sleep=delays.append)
    assert delays == []


def test_half_a_login_is_an_error(project, smtp, cert):
    _, port = smtp
    with pytest.raises(MailError, match="BRIEFGEN_SMTP_PASSWORD is not set"):
        mail.send_latest(_config(project, port, cert), env={"BRIEFGEN_SMTP_USER": USER})


def test_no_password_over_plain_smtp_to_a_remote_host(project):
    plain = MailConfig(
        host="192.0.2.1", security="none", sender="a@example.com", recipients=("b@example.com",)
    )
    delays: list[float] = []
    with pytest.raises(MailError, match="unencrypted"):
        mail.send_latest(replace(Config(root=project), mail=plain), env=ENV, sleep=delays.append)
    assert delays == []  # refused before connecting


def test_dry_run_writes_eml_and_sends_nothing(project, smtp, cert):
    box, port = smtp
    result = mail.send_latest(_config(project, port, cert), env=ENV, dry_run=True)
    assert result.eml == _latest_pdf(project).with_suffix(".eml")
    msg = email.message_from_bytes(result.eml.read_bytes(), policy=policy.default)
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content() == _latest_pdf(project).read_bytes()
    assert box.messages == [] and PASSWORD.encode() not in result.eml.read_bytes()
    assert mail.send_latest(_config(project, port, cert), env=ENV).sent  # a dry run does not count as sent


def test_missing_recipients_is_a_config_error(project):
    with pytest.raises(Exception, match="mail.recipients"):
        mail.send_latest(Config(root=project), env=ENV)


def test_no_brief_yet(tmp_path):
    with pytest.raises(MailError, match="briefgen build"):
        mail.send_latest(Config(root=tmp_path), env=ENV)


def test_cli_json(project, smtp, cert, monkeypatch):
    _, port = smtp
    _write_toml(project, port, cert)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    result = runner.invoke(app, ["mail", "--json"])
    obj = json.loads(result.stdout)
    assert obj["ok"] and obj["sent"] and obj["recipients"] == ["leader@example.com", "office@example.com"]


def test_scheduled_command_twice_sends_once(project, smtp, cert, monkeypatch):
    """What cron runs: `build --if-changed --mail --quiet`, again and again."""
    box, port = smtp
    _write_toml(project, port, cert)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    for _ in range(2):
        result = runner.invoke(app, ["build", "--if-changed", "--mail", "--quiet"])
        assert result.exit_code == 0 and result.output == ""
    assert len(box.messages) == 1
    summary = json.loads(runner.invoke(app, ["build", "--if-changed", "--mail", "--json"]).stdout)
    assert summary["changed"] is False and summary["mail"]["reason"] == "already sent"


def test_mail_settings_are_validated(tmp_path):
    from briefgen.config import load_config
    from briefgen.errors import ConfigError

    cases = [("port = 0", "mail.port"), ("retries = -1", "mail.retries"), ("password = 'x'", "mail.password")]
    for bad, key in cases:
        (tmp_path / "briefgen.toml").write_text(f"[mail]\n{bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=key) as err:
            load_config(root=tmp_path)
        assert "briefgen.toml" in str(err.value)


# --- issue 12: what the readers and the operator are told ----------------------


def _message(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)


def test_multipart_plain_and_html_with_the_kpi_table_and_both_name_forms(project, smtp, cert):
    box, port = smtp
    assert mail.send_latest(_config(project, port, cert), env=ENV).sent
    raw = box.messages[0][1]
    msg = _message(raw)
    plain = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "工业总产值（2022年）：410亿元" in plain
    assert "<table" in html and "<td style" in html and ">410亿元</td>" in html and "重大项目" in html
    (attachment,) = list(msg.iter_attachments())
    pdf = _latest_pdf(project)
    assert attachment.get_filename() == pdf.name and attachment.get_content() == pdf.read_bytes()
    # RFC 2231 for standard readers, RFC 2047 in quotes for Outlook and Foxmail: both name the same file
    assert b"filename*0*=utf-8''%E5%AE%89" in raw
    head = raw.split(b"\r\n\r\n%PDF")[0].rsplit(b"Content-Type: application/pdf", 1)[1].decode("ascii")
    quoted = head.split('name="', 1)[1].split('"', 1)[0]
    words = email.header.decode_header(quoted.replace("\r\n", ""))
    assert b"".join(w for w, _ in words).decode("utf-8") == pdf.name
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))  # folded as RFC 5322 asks


def test_every_change_has_its_own_line_in_the_body(project, smtp, cert):
    """A line ending in {% endif %} lost its newline to trim_blocks: one run-on line."""
    from briefgen.history import last_record

    record = last_record(project / "out" / ".briefgen")
    record["changes"] = {
        "since": "2026-10-01",
        "first_build": False,
        "items": [
            {
                "indicator": "工业总产值",
                "status": "更新",
                "period": "2022",
                "value_text": "450亿元",
                "previous_text": "410亿元",
            },
            {
                "indicator": "重大项目",
                "status": "新增",
                "period": "2022",
                "value_text": "54个",
                "previous_text": None,
            },
        ],
    }
    pdf = _latest_pdf(project)
    cfg = _config(project, 25, cert)
    msg = mail.build_message(cfg, record, pdf, pdf.read_bytes(), message_id="<x@example.com>")
    lines = msg.get_body(("plain",)).get_content().splitlines()
    assert "  · [更新] 工业总产值（2022年）：450亿元（上期 410亿元）" in lines
    assert "  · [新增] 重大项目（2022年）：54个" in lines


def test_a_rebuild_of_the_same_articles_is_not_sent_again(project, smtp, cert, monkeypatch):
    """build --mail without --if-changed: new PDF bytes (timestamps), same brief."""
    box, port = smtp
    _write_toml(project, port, cert)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    first = runner.invoke(app, ["build", "--mail"])
    assert first.exit_code == 0 and "mail: sent" in first.output
    rebuilt = unattended_stub.Rendered(b"%PDF same brief, new timestamps", 1)
    monkeypatch.setattr(sys.modules["briefgen.pdf"], "render_pdf", lambda brief: rebuilt)
    again = runner.invoke(app, ["build", "--mail"])
    assert again.exit_code == 0, again.output
    assert "was sent already" in again.output and len(box.messages) == 1
    assert _latest_pdf(project).read_bytes() == rebuilt.data  # the PDF did change


@pytest.mark.parametrize(
    "entry, problem",
    [("a@example.com, b@example.com", "several addresses"), ("not-an-address", "not a mail address")],
)
def test_a_recipient_entry_is_one_address(project, entry, problem):
    (project / "briefgen.toml").write_text(
        f'[mail]\nsender = "brief@example.com"\nrecipients = ["ok@example.com", "{entry}"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["mail", "--dry-run"])
    assert result.exit_code == 2
    assert (
        "briefgen.toml" in result.output and "mail.recipients" in result.output and problem in result.output
    )


def test_the_record_names_exactly_the_envelope_recipients(project, smtp, cert):
    box, port = smtp
    recipients = ('"Li, Wei" <li@example.com>', "office@example.com")
    mail.send_latest(_config(project, port, cert, recipients=recipients), env=ENV)
    ((envelope, raw),) = box.messages
    state = json.loads((project / "out" / ".briefgen" / "mail.json").read_text(encoding="utf-8"))
    assert (
        [mail.bare(r) for r in state["delivered"]]
        == list(envelope)
        == ["li@example.com", "office@example.com"]
    )
    assert _message(raw)["To"].addresses[0].username == "li"


def test_damaged_mail_record_is_kept_aside_and_the_brief_not_resent(project, smtp, cert, monkeypatch):
    box, port = smtp
    _write_toml(project, port, cert)
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    assert runner.invoke(app, ["mail"]).exit_code == 0 and len(box.messages) == 1
    state = project / "out" / ".briefgen" / "mail.json"
    state.write_bytes(state.read_bytes()[:40])  # cut short
    first = runner.invoke(app, ["mail"])
    assert first.exit_code == 7 and "mail.json: damaged" in first.output and "--force" in first.output
    assert len(list(state.parent.glob("mail.json.damaged-*"))) == 1
    again = runner.invoke(app, ["build", "--if-changed", "--mail"])
    assert again.exit_code == 7 and "unknown" in again.output
    assert len(box.messages) == 1  # never resent on a guess
    forced = runner.invoke(app, ["mail", "--force"])
    assert forced.exit_code == 0 and len(box.messages) == 2


def test_no_login_in_clear_text_even_to_a_local_relay(project):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        cfg = _config(project, controller.port, (None,), security="none", cafile=None)
        with pytest.raises(MailError, match="unencrypted") as err:
            mail.send_latest(cfg, env=ENV)
        assert "BRIEFGEN_SMTP_USER" in str(err.value)
        assert mail.send_latest(cfg, env={}).sent  # a relay without login is fine
    finally:
        controller.stop()
    assert len(box.messages) == 1


def test_a_pending_send_is_finished_by_the_next_run_of_any_kind(project, smtp, cert, monkeypatch):
    """Greylisting outlasts one run's retries: the next run, even a plain build, finishes it."""
    box, port = smtp
    _write_toml(project, port, cert)
    with open(project / "briefgen.toml", "a", encoding="utf-8") as f:
        f.write("retries = 0\n")  # [mail] is the last table: give up at once
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    box.rcpt_replies["office@example.com"] = ["450 4.7.1 greylisted, come back later"]
    failed = runner.invoke(app, ["build", "--if-changed", "--mail"])
    assert failed.exit_code == 7 and "next run will retry" in failed.output
    status = runner.invoke(app, ["status"])
    assert "PENDING" in status.output and "missing office@example.com" in status.output
    assert "mail: failed" in status.output  # the run log says the send failed

    later = runner.invoke(app, ["build", "--if-changed"])  # no --mail: still finishes the send
    assert later.exit_code == 0, later.output
    assert "mail: sent" in later.output and "office@example.com" in later.output
    assert box.received_by("leader@example.com") == 1 and box.received_by("office@example.com") == 1
    assert len({email.message_from_bytes(raw)["Message-ID"] for _, raw in box.messages}) == 1
    assert "sent to 2 recipient(s)" in runner.invoke(app, ["status"]).output
    # nothing pending any more: a plain build sends nothing
    assert "mail:" not in runner.invoke(app, ["build", "--if-changed"]).output


# --- the login file: one format, read by briefgen itself --------------------------

TRICKY = "pa$$w'o\"rd #1 $HOME"  # what a shell source would expand, unquote or cut


def _login_file(project: Path, text: str, mode: int = 0o600) -> Path:
    path = project / "smtp.env"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_login_file_is_read_literally(project, cert, monkeypatch):
    box = Mailbox()
    box.authenticate = lambda server, session, envelope, mechanism, auth: AuthResult(
        success=(auth.login, auth.password) == (USER.encode(), TRICKY.encode()), handled=False
    )
    controller = _start(box, cert)
    try:
        _write_toml(project, controller.port, cert)
        with open(project / "briefgen.toml", "a", encoding="utf-8") as f:
            f.write('login_file = "smtp.env"\n')  # relative to briefgen.toml
        _login_file(project, f"# SMTP login\nBRIEFGEN_SMTP_USER={USER}\n\nBRIEFGEN_SMTP_PASSWORD={TRICKY}\n")
        for k in ENV:
            monkeypatch.delenv(k, raising=False)
        result = runner.invoke(app, ["mail"])
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert len(box.messages) == 1 and TRICKY not in result.output


def test_cron_and_systemd_get_the_same_login_because_neither_reads_the_file(tmp_path):
    """The printed entries neither source the file (cron) nor load it (systemd)."""
    from briefgen.schedule import cron_line, systemd_units

    for text in (cron_line(tmp_path), systemd_units(tmp_path)):
        commands = [ln for ln in text.splitlines() if not ln.startswith("#")]
        assert not any("smtp.env" in ln or "EnvironmentFile" in ln or " . " in ln for ln in commands)


@pytest.mark.parametrize(
    "text, mode, problem",
    [
        ("BRIEFGEN_SMTP_USER=a\nBRIEFGEN_SMTP_PASSWORD=b\n", 0o644, "can be read by others (mode 0o644)"),
        ("export BRIEFGEN_SMTP_PASSWORD=secret-value\n", 0o600, "line 1: not NAME=value"),
    ],
)
def test_a_bad_login_file_is_one_clear_error(project, text, mode, problem):
    path = _login_file(project, text, mode)
    cfg = Config(
        root=project,
        mail=MailConfig(sender="a@example.com", recipients=("b@example.com",), login_file=str(path)),
    )
    with pytest.raises(MailError, match=re.escape(problem)) as err:
        mail.send_latest(cfg, env={})
    assert "secret-value" not in str(err.value) and err.value.exit_code == 7


def test_mail_pending_with_nothing_pending_does_nothing(project, smtp, cert):
    _, port = smtp
    _write_toml(project, port, cert)
    result = runner.invoke(app, ["mail", "--pending"])
    assert result.exit_code == 0 and result.output == "mail: nothing pending\n"
    log = (project / "out" / ".briefgen" / "runs.log").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["command"] for line in log] == ["build"]  # the hourly no-op logs nothing
