"""Everything ingest does with one document's bytes, short of the store: what the property tests and
`bench/fuzz.py` drive with arbitrary and damaged input.

It must only ever produce articles, notices and InputErrors: any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.build import build_article
from storyline.ingest.formats import read_document
from storyline.ingest.sources import Document, unpack
from storyline.models import Article, Notice


def read_bytes(data: bytes, name: str, config: IngestConfig | None = None) -> Iterator[Article | Notice | InputError]:
    """Unpack (archives), sniff, decode, read and clean one input, as `ingest` would from a file."""
    config = config or IngestConfig()
    for doc in unpack(Document(name, data, name, path=name), config):
        if isinstance(doc, InputError):
            yield doc
            continue
        for raw in read_document(doc, None):
            if isinstance(raw, (InputError, Notice)):
                yield raw
                continue
            try:
                yield build_article(raw)
            except InputError as error:
                yield error
