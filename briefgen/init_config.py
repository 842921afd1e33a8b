"""`briefgen init`: a commented briefgen.toml with every key at its default."""

from __future__ import annotations

from pathlib import Path

from briefgen.config import CONFIG_NAME
from briefgen.errors import OutputError

TEMPLATE = """\
# briefgen.toml — settings for `briefgen build` in this folder.
# Paths are relative to this file. Command-line options override these values.
# Every key is optional: delete a line and its default applies. Unknown keys are errors.

# Folder of source articles (.txt .md .html .docx .pdf) and their sources.toml.
sources = "seeds"

# Folder for the briefs: <标题>_<YYYY-MM-DD>.pdf per build, plus <标题>.pdf, always the latest.
out = "out"

# Park name and title on the cover. Default: `park` from seeds/sources.toml, title 《<park>发展简报》.
{park_line}
# The park's other names: former names, short forms. 园区/开发区/我区 in a text about the park's
# own county, and any "<place>园区" of its place, already count as the park.
# aliases = ["安义工业园区", "安义高新园区"]
# title = "安义高新技术产业园区发展简报"

# author = "briefgen"          # PDF metadata
# template = "my-templates"    # a folder with your own brief templates (default: the packaged ones)
# catalog = "catalog.toml"     # your own indicator catalog (default: the packaged one)
# strict = false               # true: warnings (unreadable files, conflicting numbers) are errors
# max_file_mb = 50.0           # larger source files are skipped with a warning
# keep_briefs = 0              # dated briefs kept in out/ (and their dry-run .eml); 0 = all
# style = "standard"           # "jianbao": the office's 简报 format (报头, 期号, 报尾: [jianbao] below)
# body_pages = 10              # the brief's body fits this many pages; the rest is summarized and
#                              # every figure goes to the data file (.csv) beside the PDF
# Headline choice by indicator name (the catalog's name or id), see README:
# kpi_pin = ["工业总产值"]      # these KPI cards first, in this order
# kpi_hide = []                # never a KPI card
# indicator_order = []         # first in their theme, in this order
# indicator_hide = []          # left out of the brief (extract and series still list them)

[mail]
# `briefgen mail` and `briefgen build --mail` send the latest brief as a PDF attachment,
# once per new brief (`--force` sends again, `--dry-run` writes a .eml file instead).
# The SMTP login is NEVER read from this file: set the two environment variables named
# below (e.g. in a file only you can read, loaded by the systemd unit or cron line).
# Uncomment and fill in host, sender and recipients to turn mail on.
# host = "smtp.example.com"
# port = 587                   # 587 with starttls, 465 with tls
security = "starttls"          # starttls | tls (implicit TLS) | none (local relay only, no password)
# sender = "简报 <brief@example.com>"
# recipients = ["leader@example.com", "office@example.com"]
subject = "{{{{ title }}}}（{{{{ period }}}}）"   # jinja2; also: date, park
# template = "mail_body.txt.j2"  # jinja2 body (default: the packaged one; variables listed in it)
username_env = "BRIEFGEN_SMTP_USER"
password_env = "BRIEFGEN_SMTP_PASSWORD"
# cafile = "company-ca.pem"    # CA bundle when the server's certificate is from a private CA
# login_file = "~/.config/briefgen/smtp.env"  # the two variables as NAME=value lines, chmod 600;
#                              # read by briefgen itself, literally: no quotes, no $ expansion
# attach_data = true           # also attach the data file (<brief>.csv: every figure) beside the PDF
timeout = 30.0                 # seconds per SMTP connection
retries = 3                    # retries of temporary failures (4xx, dropped connections), with backoff

[fetch]
# `briefgen fetch` (and `build --fetch`) download new articles from the [[feed]] and [[page]]
# entries of seeds/sources.toml. Sites see the contact in the User-Agent: give a real one.
# contact = "office@example.gov.cn"
rate = 1.0                     # requests per second to one site (a robots.txt Crawl-delay wins)
timeout = 20.0                 # seconds to connect, and between two reads of a page
retries = 3                    # retries of 5xx answers and dropped connections, with backoff
backoff = 1.0                  # seconds before the first retry
max_page_mb = 5.0              # larger pages are not downloaded

[jianbao]
# The 简报 format's 报头 and 报尾 (for style "jianbao"). 期号 count themselves: each new brief takes
# the next number of its year; `briefgen build --issue N` sets one. Empty texts are left out.
# name = "安义高新区工作简报"          # 报头; default: the title without 《》
# issuer = "安义高新区管委会办公室"     # 编印单位
# marking = "内部资料 注意保存"         # top left, or 内部参阅
# show_total = false                   # true: 第3期（总第15期）
# issues_before = 0                    # issues the office numbered before briefgen (for 总第M期)
# supplement = false                   # true: 增刊第N期, numbered apart
# report_to = "县委办公室，县政府办公室"  # 报：
# send_to = "县发改委，县工信局"          # 送：
# issue_to = "园区各部门"                # 发：
# copies = 0                           # 共印N份; 0 = not printed
"""


def config_text(park: str | None = None) -> str:
    park_line = f'park = "{park}"' if park else '# park = "安义高新技术产业园区"'
    return TEMPLATE.format(park_line=park_line)


def write_config(folder: Path, *, park: str | None = None, force: bool = False) -> Path:
    """Write ``folder/briefgen.toml``; refuses to overwrite one unless ``force``."""
    path = folder / CONFIG_NAME
    if path.exists() and not force:
        raise OutputError("already exists; use --force to overwrite it", path=path)
    try:
        path.write_text(config_text(park), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", path=path) from None
    return path
