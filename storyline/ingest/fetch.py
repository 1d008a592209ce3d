"""HTTP(S) fetching for URLs the user names: timeouts, a size cap, one client per run."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from storyline import __version__
from storyline.config import IngestConfig, format_size
from storyline.errors import InputError


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None
    status: int = 200  # 304 when a conditional request found nothing new (and `data` is empty)
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """Fetches URLs with one connection pool; the only network access Storyline makes."""

    def __init__(self, config: IngestConfig) -> None:
        self._config = config
        self._client: httpx.Client | None = None

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The body at `url`; given the validators of an earlier answer, a 304 comes back as such."""
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=True,
                timeout=httpx.Timeout(self._config.http_timeout, connect=min(10.0, self._config.http_timeout)),
                headers={"User-Agent": f"storyline/{__version__} (+news analysis)"},
            )
        limit = self._config.max_file_bytes
        conditions = {name: value for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified))
                      if value}
        try:
            with self._client.stream("GET", url, headers=conditions) as response:
                validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
                if response.status_code == 304:
                    # A 304 carries the current validators (RFC 9110 15.4.5); keep ours if it left them out.
                    return Fetched(str(response.url), b"", "", None, 304, validators["etag"] or etag,
                                   validators["last_modified"] or last_modified)
                if response.status_code >= 400:
                    raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise InputError(url, f"response is {format_size(int(declared))}, over the "
                                          f"{format_size(limit)} limit (--max-size)")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InputError(url, f"response is over the {format_size(limit)} limit (--max-size)")
                    chunks.append(chunk)
                return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type", ""),
                               response.charset_encoding, response.status_code, **validators)
        except httpx.InvalidURL as exc:
            raise InputError(url, f"not a valid URL ({exc})") from None
        except httpx.TimeoutException:
            raise InputError(url, f"unreachable: no answer within {self._config.http_timeout:g} s") from None
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            raise InputError(url, f"unreachable: {reason}") from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
