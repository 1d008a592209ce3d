"""HTTP(S) fetching, the only network access Storyline makes, under one policy.

- Only http and https, for the URLs the user names and the pages their feeds link to.
- Redirects are followed by hand, at most MAX_REDIRECTS, each hop checked before it is requested:
  a hop may not lead to a loopback, private, link-local, multicast or reserved address unless the
  user's own URL was of that kind (so a test server on 127.0.0.1 still works, while a public feed
  redirecting to 169.254.169.254, a cloud's metadata service, is refused).
- A whole-request deadline (`IngestConfig.http_deadline`) besides the per-read timeout: a server
  that drips a byte every few seconds is cut off, not waited on forever.
- A size cap (`--max-size`), from the declared length and again while reading.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from storyline.version import __version__
from storyline.config import IngestConfig, format_size
from storyline.errors import InputError

MAX_REDIRECTS = 10
PUBLIC = "public"


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None
    status: int = 200  # 304 when a conditional request found nothing new (and `data` is empty)
    etag: str | None = None
    last_modified: str | None = None


def address_kind(host: str) -> str:
    """What kind of address a host is, or resolves to: "loopback", "private", "link-local",
    "multicast", "reserved" or "public" (the least public one when it resolves to several)."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0])
                         for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]
        except (OSError, UnicodeError):
            return PUBLIC  # does not resolve: the request itself will say so
    kinds = [_kind(a) for a in addresses]
    return next((k for k in ("link-local", "loopback", "private", "multicast", "reserved") if k in kinds), PUBLIC)


def _kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_link_local:
        return "link-local"
    if address.is_loopback:
        return "loopback"
    if address.is_multicast:
        return "multicast"
    if address.is_private:
        return "private"
    if address.is_reserved or address.is_unspecified:
        return "reserved"
    return PUBLIC


class Fetcher:
    """Fetches URLs with one connection pool (safe to share between threads)."""

    def __init__(self, config: IngestConfig) -> None:
        self._config = config
        self._client: httpx.Client | None = None

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The body at `url`; given the validators of an earlier answer, a 304 comes back as such."""
        if self._client is None:
            self._client = httpx.Client(
                follow_redirects=False,
                timeout=httpx.Timeout(self._config.http_timeout, connect=min(10.0, self._config.http_timeout)),
                headers={"User-Agent": f"storyline/{__version__} (+news analysis)"},
            )
        deadline = time.monotonic() + self._config.http_deadline
        conditions = {name: value for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified))
                      if value}
        try:
            allowed = {PUBLIC, address_kind(httpx.URL(url).host)}
            current = url
            for _ in range(MAX_REDIRECTS + 1):
                fetched = self._one(url, current, conditions, deadline)
                if isinstance(fetched, Fetched):
                    return fetched
                current = fetched
                target = httpx.URL(current)
                if target.scheme not in ("http", "https"):
                    raise InputError(url, f"redirected to {current}, which is not http or https; not followed")
                kind = address_kind(target.host)
                if kind not in allowed:
                    raise InputError(url, f"redirected to {target.host}, a {kind} address; not followed")
            raise InputError(url, f"more than {MAX_REDIRECTS} redirects; not followed")
        except httpx.InvalidURL as exc:
            raise InputError(url, f"not a valid URL ({exc})") from None
        except httpx.TimeoutException:
            raise InputError(url, f"unreachable: no answer within {self._config.http_timeout:g} s") from None
        except httpx.HTTPError as exc:
            reason = str(exc) or type(exc).__name__
            raise InputError(url, f"unreachable: {reason}") from None

    def _one(self, url: str, current: str, conditions: dict[str, str], deadline: float) -> Fetched | str:
        """One request: its answer, or where it redirects to."""
        assert self._client is not None
        limit = self._config.max_file_bytes
        with self._client.stream("GET", current, headers=conditions) as response:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(current, response.headers["location"])
            validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
            if response.status_code == 304:
                # A 304 carries the current validators (RFC 9110 15.4.5); keep ours if it left them out.
                return Fetched(str(response.url), b"", "", None, 304, validators["etag"] or conditions.get("If-None-Match"),
                               validators["last_modified"] or conditions.get("If-Modified-Since"))
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
                if time.monotonic() > deadline:
                    raise InputError(url, f"download took over {self._config.http_deadline:g} s; cut off (--deadline)")
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks), response.headers.get("content-type", ""),
                           response.charset_encoding, response.status_code, **validators)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
