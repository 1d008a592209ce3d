"""Language identification with CLD2 (Chromium's detector), whose model is compiled into pycld2."""

from __future__ import annotations

import re

import pycld2

_SAMPLE_CHARS = 1000  # the lede decides; CLD2 is reliable from a few hundred characters
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # CLD2 rejects control characters


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or mixed to tell."""
    sample = _UNSAFE.sub(" ", text[:_SAMPLE_CHARS]).encode("utf-8", "ignore")  # "ignore" drops lone surrogates
    try:
        reliable, _, details = pycld2.detect(sample)
    except pycld2.error:
        return None
    code = details[0][1]
    return code.split("-")[0] if reliable and code != "un" else None
