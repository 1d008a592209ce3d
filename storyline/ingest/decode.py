"""Bytes to text: refuse binaries, honour a declared charset, detect the rest."""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from storyline.errors import InputError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_SAMPLE = 65536
_CLEAN_ENOUGH = 0.1
_STRAY_BYTES = 8  # UTF-8 with at most this many bad bytes (or one per ten good characters) is UTF-8
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def decode(data: bytes, origin: str, declared: str | None = None) -> str:
    """Decode one input, or raise InputError saying why it is not readable text."""
    return decode_counting(data, origin, declared)[0]


def decode_counting(data: bytes, origin: str, declared: str | None = None) -> tuple[str, int]:
    """Decode one input, and say how many bytes were beyond repair: UTF-8 text with a stray bad byte
    keeps its UTF-8 and loses only that byte (read as a legacy charset, every curly quote of it would
    turn to mojibake)."""
    if not data.strip():
        raise InputError(origin, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), 0
    head = data[:8192]
    if b"\x00" in head or len(_CONTROL.findall(head.decode("latin-1"))) > len(head) * 0.05:
        raise InputError(origin, "binary file, not text, HTML, JSON or a feed")
    for name in _declared_charsets(head, declared):
        try:
            return data.decode(name), 0
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    mended = data.decode("utf-8", errors="replace")
    bad = mended.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for c in mended if ord(c) > 127 and c != "\ufffd")
    if multibyte and bad <= max(_STRAY_BYTES, multibyte // 10):
        return mended, bad
    # Short Western texts fool statistical detectors (latin-1 read as Baltic cp1257, say).
    # cp1252 is the web's legacy default and covers latin-1's printable range; take it when
    # it reads cleanly, and let the detector judge everything else (Cyrillic, Greek, CJK...).
    try:
        western = data.decode("cp1252")
        if mess_ratio(western[:_SAMPLE]) < _CLEAN_ENOUGH:
            return western, 0
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(origin, "unreadable encoding: not UTF-8 and no other encoding fits")
    return str(best), 0


def _declared_charsets(head: bytes, declared: str | None) -> list[str]:
    names = [declared] if declared else []
    names += [m.group(1).decode("ascii", "ignore") for m in (_XML_ENCODING.search(head), _META_CHARSET.search(head)) if m]
    return [n for n in names if n]
