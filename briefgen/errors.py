"""Every failure a user can cause has its own exception under BriefgenError.

The CLI turns one into a single line ``Error: <message>`` and the exit code
below; the core never prints and never imports typer.
"""

from __future__ import annotations


class BriefgenError(Exception):
    """Base of all user-facing errors. ``exit_code`` is documented in README."""

    exit_code = 1

    def __init__(self, message: str, *, path: object | None = None) -> None:
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class ConfigError(BriefgenError):
    """briefgen.toml or a CLI option is wrong (unknown key, wrong type...)."""

    exit_code = 2


class CorrectionError(ConfigError):
    """corrections.toml, a review workbook or a `briefgen correct` option is wrong:
    names the file and the row or fact id; nothing is applied half-way."""


class SourceError(BriefgenError):
    """A source document cannot be read (encoding, format, size, ...)."""

    exit_code = 3


class NoSourcesError(SourceError):
    """The sources folder is missing or has no readable document."""


class CatalogError(BriefgenError):
    """The indicator catalog is malformed."""

    exit_code = 2


class TemplateError(BriefgenError):
    """A jinja2 template failed (syntax, undefined variable): names file and line."""

    exit_code = 4


class FontError(BriefgenError):
    """A font file is missing or corrupt, or characters cannot be drawn."""

    exit_code = 5


class MissingGlyphsError(FontError):
    """Characters no face (fallback included) can draw: names them and their documents."""


class OutputError(BriefgenError):
    """The output cannot be written (unwritable folder, disk full...)."""

    exit_code = 6


class LockedError(BriefgenError):
    """Another build holds the lock on the output folder."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class MailError(BriefgenError):
    """Sending the brief failed."""

    exit_code = 7


class StrictWarningsError(BriefgenError):
    """--strict and there were warnings."""

    exit_code = 8
