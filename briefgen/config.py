"""briefgen.toml -> Config. CLI options override the file; the file overrides
defaults. Unknown keys and wrong types are errors naming the file and key."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen.addresses import address_problem
from briefgen.errors import BriefgenError, ConfigError

CONFIG_NAME = "briefgen.toml"


@dataclass(frozen=True)
class MailConfig:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    sender: str = ""
    recipients: tuple[str, ...] = ()
    subject: str = "{{ title }}（{{ period }}）"
    template: str | None = None  # jinja2 body template; None = the packaged one
    username_env: str = "BRIEFGEN_SMTP_USER"  # login comes from the environment only
    password_env: str = "BRIEFGEN_SMTP_PASSWORD"
    timeout: float = 30.0
    retries: int = 3
    cafile: str | None = None  # CA bundle for a server with a private certificate; None = system CAs
    login_file: str | None = None  # NAME=value lines read literally (cron and systemd alike); env wins
    attach_data: bool = False  # also attach the data file (<brief>.csv, every figure) beside the PDF


@dataclass(frozen=True)
class FetchConfig:
    """[fetch]: how `briefgen fetch` behaves on other people's web sites."""

    contact: str = ""  # an e-mail or web address sent in the User-Agent, so a site can reach us
    rate: float = 1.0  # requests per second to one host (polite crawlers stay at or below 1)
    timeout: float = 20.0  # seconds to connect, and between two reads
    retries: int = 3  # on 5xx answers and dropped connections, with doubling waits
    backoff: float = 1.0  # seconds before the first retry
    max_page_mb: float = 5.0  # a page larger than this is not downloaded


@dataclass(frozen=True)
class JianbaoConfig:
    """[jianbao]: the 简报 layout's 报头 and 报尾 (style = "jianbao"); empty = left out."""

    name: str = ""  # the brief's name in the 报头; "" = the title without 《》
    issuer: str = ""  # 编印单位, left under the name
    marking: str = ""  # top left, e.g. 内部资料 注意保存
    supplement: bool = False  # 增刊: numbered apart
    show_total: bool = False  # 总第M期 after 第N期
    issues_before: int = 0  # the office's issues before briefgen numbered them (for 总第M期)
    report_to: str = ""  # 报：
    send_to: str = ""  # 送：
    issue_to: str = ""  # 发：
    copies: int = 0  # 共印N份; 0 = not printed


@dataclass(frozen=True)
class Config:
    root: Path = field(default_factory=Path.cwd)  # paths below are relative to this
    sources: Path = Path("seeds")
    out: Path = Path("out")
    template: Path | None = None  # None = the templates shipped with briefgen
    catalog: Path | None = None  # None = briefgen/catalog.toml
    park: str | None = None  # None = sources.toml's `park`, else a generic title
    aliases: tuple[str, ...] = ()  # the park's other names; () = sources.toml's `aliases`
    title: str | None = None  # None = 《{park}发展简报》
    author: str = "briefgen"
    strict: bool = False
    max_file_mb: float = 50.0
    keep_briefs: int = 0  # dated briefs (and their dry-run .eml) kept in out/; 0 = all
    body_pages: int = 10  # the brief's body (before 计算说明 and the appendix) fits this many pages
    # headline choice by indicator name (or catalog id), no code: cards pinned first in this
    # order, cards never shown, indicators first in their theme in this order, indicators left out
    kpi_pin: tuple[str, ...] = ()
    kpi_hide: tuple[str, ...] = ()
    indicator_order: tuple[str, ...] = ()
    indicator_hide: tuple[str, ...] = ()
    style: str = "standard"  # the template set: standard | jianbao (the office's 简报 format)
    issue: int | None = None  # --issue N: this brief's 期号 (else the next one)
    config_file: Path | None = None
    mail: MailConfig = field(default_factory=MailConfig)
    jianbao: JianbaoConfig = field(default_factory=JianbaoConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)

    def path(self, p: Path) -> Path:
        return p if p.is_absolute() else self.root / p

    @property
    def sources_dir(self) -> Path:
        return self.path(self.sources)

    @property
    def out_dir(self) -> Path:
        return self.path(self.out)


# key -> (type(s), converter) for the top level and the [mail] table
_TOP: dict[str, tuple[tuple[type, ...], Any]] = {
    "sources": ((str,), Path),
    "out": ((str,), Path),
    "template": ((str,), Path),
    "catalog": ((str,), Path),
    "park": ((str,), str),
    "aliases": ((list,), tuple),
    "title": ((str,), str),
    "author": ((str,), str),
    "strict": ((bool,), bool),
    "max_file_mb": ((int, float), float),
    "keep_briefs": ((int,), int),
    "body_pages": ((int,), int),
    "kpi_pin": ((list,), tuple),
    "kpi_hide": ((list,), tuple),
    "indicator_order": ((list,), tuple),
    "indicator_hide": ((list,), tuple),
    "style": ((str,), str),
}
_MAIL: dict[str, tuple[tuple[type, ...], Any]] = {
    "host": ((str,), str),
    "port": ((int,), int),
    "security": ((str,), str),
    "sender": ((str,), str),
    "recipients": ((list,), tuple),
    "subject": ((str,), str),
    "template": ((str,), str),
    "username_env": ((str,), str),
    "password_env": ((str,), str),
    "timeout": ((int, float), float),
    "retries": ((int,), int),
    "cafile": ((str,), str),
    "attach_data": ((bool,), bool),
    "login_file": ((str,), str),
}
_JIANBAO: dict[str, tuple[tuple[type, ...], Any]] = {
    **{k: ((str,), str) for k in ("name", "issuer", "marking", "report_to", "send_to", "issue_to")},
    "supplement": ((bool,), bool),
    "show_total": ((bool,), bool),
    "issues_before": ((int,), int),
    "copies": ((int,), int),
}
STYLES = ("standard", "jianbao")
_FETCH: dict[str, tuple[tuple[type, ...], Any]] = {
    "contact": ((str,), str),
    "rate": ((int, float), float),
    "timeout": ((int, float), float),
    "retries": ((int,), int),
    "backoff": ((int, float), float),
    "max_page_mb": ((int, float), float),
}


def _convert(table: dict, schema: dict, where: str, path: Path) -> dict:
    out = {}
    for key, value in table.items():
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise ConfigError(f"unknown key '{where}{key}' (known: {known})", path=path)
        types, conv = schema[key]
        # bool is an int in Python: refuse true/false where a number is wanted
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            want = " or ".join(t.__name__ for t in types)
            raise ConfigError(f"'{where}{key}' must be {want}, not {type(value).__name__}", path=path)
        out[key] = conv(value)
    return out


def read_toml(path: Path, error: type[BriefgenError], *, missing: str) -> dict[str, Any]:
    """A TOML file (briefgen.toml, a catalog, sources.toml) as a dict. UTF-8, with or
    without the BOM Notepad writes; each problem is one ``error`` naming the file."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise error(missing, path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=path) from None
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 (byte {exc.start}); save it as UTF-8", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"not valid TOML: {exc}", path=path) from None


def _mail_values(table: dict, path: Path) -> dict:
    """The [mail] table converted, and its values in range."""
    values = _convert(table, _MAIL, "mail.", path)
    if "recipients" in values and not all(isinstance(r, str) for r in values["recipients"]):
        raise ConfigError("'mail.recipients' must be a list of strings", path=path)
    addresses = [("sender", values["sender"])] if values.get("sender") else []
    addresses += [("recipients", r) for r in values.get("recipients", ())]
    for key, entry in addresses:  # one entry, one address: the envelope always matches To:
        if problem := address_problem(entry):
            raise ConfigError(f"'mail.{key}': {problem}", path=path)
    if values.get("security", "starttls") not in ("starttls", "tls", "none"):
        raise ConfigError("'mail.security' must be starttls, tls or none", path=path)
    if not 0 < values.get("port", 587) < 65536:
        raise ConfigError("'mail.port' must be between 1 and 65535", path=path)
    if values.get("retries", 0) < 0 or values.get("timeout", 1.0) <= 0:
        raise ConfigError("'mail.retries' must be >= 0 and 'mail.timeout' > 0", path=path)
    return values


def _jianbao_values(table: dict, path: Path) -> dict:
    """The [jianbao] table converted, and its numbers in range."""
    values = _convert(table, _JIANBAO, "jianbao.", path)
    for key in ("issues_before", "copies"):
        if values.get(key, 0) < 0:
            raise ConfigError(f"'jianbao.{key}' must be >= 0", path=path)
    return values


def _fetch_values(table: dict, path: Path) -> dict:
    """The [fetch] table converted, and its values in range."""
    values = _convert(table, _FETCH, "fetch.", path)
    for key in ("rate", "timeout", "max_page_mb"):
        if not values.get(key, 1.0) > 0:  # also refuses nan
            raise ConfigError(f"'fetch.{key}' must be a positive number", path=path)
    if values.get("retries", 0) < 0 or values.get("backoff", 0.0) < 0:
        raise ConfigError("'fetch.retries' and 'fetch.backoff' must be >= 0", path=path)
    return values


def load_config(path: Path | None = None, *, root: Path | None = None, **overrides: Any) -> Config:
    """Read ``path`` (or ./briefgen.toml when it exists), then apply non-None overrides."""
    root = (root or Path.cwd()).resolve()
    if path is None and (root / CONFIG_NAME).is_file():
        path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    mail = MailConfig()
    fetch = FetchConfig()
    jianbao = JianbaoConfig()
    if path is not None:
        path = Path(path)
        data = read_toml(path, ConfigError, missing="config file not found")
        mail_table = data.pop("mail", {})
        if not isinstance(mail_table, dict):
            raise ConfigError("'mail' must be a table ([mail])", path=path)
        fetch_table = data.pop("fetch", {})
        if not isinstance(fetch_table, dict):
            raise ConfigError("'fetch' must be a table ([fetch])", path=path)
        jianbao_table = data.pop("jianbao", {})
        if not isinstance(jianbao_table, dict):
            raise ConfigError("'jianbao' must be a table ([jianbao])", path=path)
        jianbao = replace(jianbao, **_jianbao_values(jianbao_table, path))
        values = _convert(data, _TOP, "", path)
        if values.get("keep_briefs", 0) < 0:
            raise ConfigError("'keep_briefs' must be 0 (keep all) or more", path=path)
        if values.get("style", "standard") not in STYLES:
            raise ConfigError(f"'style' must be one of {', '.join(STYLES)}", path=path)
        if values.get("body_pages", 1) < 1:
            raise ConfigError("'body_pages' must be a whole number of pages, at least 1", path=path)
        if not all(isinstance(a, str) and a.strip() for a in values.get("aliases", ())):
            raise ConfigError("'aliases' must be a list of names (aliases = [\"安义高新园区\"])", path=path)
        for key in ("kpi_pin", "kpi_hide", "indicator_order", "indicator_hide"):
            if not all(isinstance(n, str) and n.strip() for n in values.get(key, ())):
                raise ConfigError(f"'{key}' must be a list of indicator names ([\"工业总产值\"])", path=path)
        mail = replace(mail, **_mail_values(mail_table, path))
        fetch = replace(fetch, **_fetch_values(fetch_table, path))
        root = path.resolve().parent
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Config(root=root, config_file=path, mail=mail, fetch=fetch, jianbao=jianbao, **values)
