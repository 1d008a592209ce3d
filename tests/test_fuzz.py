"""Property tests: whatever bytes arrive, the readers and the decoder produce articles, notices or
InputErrors, never any other exception, and never hang. Arbitrary bytes, and real files from
../shared/corpora damaged at random (bytes flipped, dropped, repeated, the file cut short)."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.decode import decode_counting
from storyline.ingest.probe import read_bytes
from storyline.models import Article, Notice

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NAMES = ["story.txt", "page.html", "dump.json", "lines.jsonl", "feed.xml", "notes.md", "archive.zip", "story.gz",
         "noname"]
SETTINGS = settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


def real_samples() -> list[bytes]:
    """A few real files of each kind the readers take, and archives made of them."""
    pages = sorted((CORPORA / "readability-pages").glob("*/source.html"))
    picked = [p.read_bytes()[:60_000] for p in pages[::30]]
    picked += [p.read_bytes() for p in sorted((CORPORA / "t17-h1n1" / "InputDocs").glob("*/*.txt"))[::70]]
    picked += [(CORPORA / "ecbplus-dev" / "docs.jsonl").read_bytes()[:20_000]]
    picked += [p.read_bytes() for p in sorted((CORPORA / "seeds").glob("*.txt"))[:2]]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("a.txt", picked[-1])
        handle.writestr("b.html", picked[0])
    picked += [archive.getvalue(), gzip.compress(picked[-2])]
    return picked


SAMPLES = real_samples()


def _read(data: bytes, name: str) -> None:
    for item in read_bytes(data, name):
        assert isinstance(item, (Article, Notice, InputError))


@SETTINGS
@given(data=st.binary(max_size=6000), name=st.sampled_from(NAMES))
def test_arbitrary_bytes_never_raise(data: bytes, name: str) -> None:
    _read(data, name)


@SETTINGS
@given(sample=st.sampled_from(SAMPLES), name=st.sampled_from(NAMES), cuts=st.lists(
    st.tuples(st.floats(0, 1), st.sampled_from(["flip", "drop", "repeat", "insert", "truncate"]), st.binary(min_size=1,
                                                                                                           max_size=8)),
    min_size=1, max_size=6))
def test_real_files_damaged_at_random_never_raise(sample: bytes, name: str, cuts: list) -> None:
    data = bytearray(sample)
    for where, how, junk in cuts:
        at = int(where * max(len(data) - 1, 0))
        if how == "flip" and data:
            data[at] ^= junk[0] or 0xFF
        elif how == "drop":
            del data[at: at + len(junk) * 40]
        elif how == "repeat":
            data[at:at] = data[at: at + 200]
        elif how == "insert":
            data[at:at] = junk
        else:
            del data[at:]
    _read(bytes(data), name)


@SETTINGS
@given(data=st.binary(max_size=3000), declared=st.sampled_from([None, "utf-8", "latin-1", "shift_jis", "nonsense"]))
def test_the_decoder_reads_or_refuses(data: bytes, declared: str | None) -> None:
    try:
        text, replaced = decode_counting(data, "x", declared)
    except InputError:
        return
    assert isinstance(text, str) and replaced >= 0
