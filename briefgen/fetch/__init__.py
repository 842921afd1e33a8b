"""Fetch sources from the web: `briefgen fetch` (see run.py)."""

from briefgen.fetch.run import FetchError, FetchResult, Outcome, fetch_and_build, fetch_sources

__all__ = ["FetchError", "FetchResult", "Outcome", "fetch_and_build", "fetch_sources"]
