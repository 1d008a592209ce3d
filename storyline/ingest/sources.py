"""Turn what the user named (files, directories, archives, URLs) into documents to read.

Archives are opened with limits on member size, total size, member count and compression
ratio, so a decompression bomb fails with a message instead of filling the disk or memory.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from storyline.config import IngestConfig, format_size
from storyline.errors import InputError
from storyline.ingest.fetch import Fetcher

_ZIP_MAGIC = b"PK\x03\x04"
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_MAX_NESTING = 2


@dataclass(frozen=True)
class Document:
    """The bytes of one input, with where they came from."""

    origin: str  # how messages name it
    data: bytes
    name: str  # file name, for format hints
    path: str | None = None
    url: str | None = None
    content_type: str | None = None
    charset: str | None = None


def shown(name: str) -> str:
    """A file name as text that can be stored and printed: bytes that are not UTF-8 (which the OS
    hands over as lone surrogates) become \\xNN escapes; every other name is unchanged."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def expand(inputs: Sequence[str | os.PathLike[str]], config: IngestConfig,
           skip: frozenset[Path] = frozenset()) -> tuple[list[str], list[InputError]]:
    """List the files and URLs to read: directories walked in a stable order, filters applied.

    Files in `skip` (the store's own database files) are left out of directory walks.
    """
    units: list[str] = []
    errors: list[InputError] = []
    for raw in map(str, inputs):
        path = Path(raw)
        if is_url(raw):
            units.append(raw)
        elif path.is_dir():
            skip_names = {s.name for s in skip}
            units += [str(p) for p in _walk(path)
                      if _wanted(str(p.relative_to(path)), config)
                      and (p.name not in skip_names or p.resolve() not in skip)]
        elif path.is_file():
            units.append(raw)
        elif path.exists():
            errors.append(InputError(shown(raw), "not a regular file or directory"))
        else:
            errors.append(InputError(shown(raw), "no such file or directory"))
    return units, errors


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def _wanted(relative: str, config: IngestConfig) -> bool:
    if not config.include and not config.exclude:
        return True
    path = PurePosixPath(relative.replace(os.sep, "/"))
    if config.include and not any(path.match(glob) for glob in config.include):
        return False
    return not any(path.match(glob) for glob in config.exclude)


def open_unit(unit: str, config: IngestConfig, fetcher: Fetcher) -> Iterator[Document | InputError]:
    """Yield the documents inside one file or URL (several for an archive), or errors."""
    try:
        if is_url(unit):
            fetched = fetcher.get(unit)
            yield from unpack(Document(unit, fetched.data, PurePosixPath(fetched.url.split("?")[0]).name,
                                        url=fetched.url, content_type=fetched.content_type,
                                        charset=fetched.charset), config, depth=0)
        else:
            yield from unpack(_read_file(Path(unit), config), config, depth=0)
    except InputError as error:
        yield error
    except OSError as exc:
        yield InputError(shown(unit), f"cannot read: {exc.strerror or exc}")


def _read_file(path: Path, config: IngestConfig) -> Document:
    name = shown(str(path))
    size = path.stat().st_size
    with path.open("rb") as handle:
        is_archive = handle.read(4).startswith((_ZIP_MAGIC, _GZIP_MAGIC))
        limit = config.max_archive_bytes if is_archive else config.max_file_bytes
        if size > limit:
            raise InputError(name, f"file is {format_size(size)}, over the {format_size(limit)} limit (--max-size)")
        handle.seek(0)
        return Document(name, handle.read(), shown(path.name), path=name)


def unpack(doc: Document, config: IngestConfig, depth: int = 0) -> Iterator[Document | InputError]:
    """The documents inside one: an archive's members (within the limits), or the document itself."""
    if doc.data.startswith(_ZIP_MAGIC) and depth <= _MAX_NESTING:
        yield from _zip_members(doc, config, depth)
    elif doc.data.startswith(_GZIP_MAGIC) and depth <= _MAX_NESTING:
        yield from _gzip_members(doc, config, depth)
    else:
        yield doc


def _member(doc: Document, name: str, data: bytes) -> Document:
    where = f"{doc.origin}!{name}"
    return Document(where, data, PurePosixPath(name).name, path=f"{doc.path}!{name}" if doc.path else None,
                    url=doc.url)


def _zip_members(doc: Document, config: IngestConfig, depth: int) -> Iterator[Document | InputError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(doc.data))
    except Exception as exc:  # zipfile raises ValueError, EOFError, struct.error ... on damaged bytes
        yield InputError(doc.origin, f"damaged zip archive ({_reason(exc)})")
        return
    infos = [i for i in archive.infolist() if not i.is_dir() and not PurePosixPath(i.filename).name.startswith(".")
             and "__MACOSX" not in i.filename and _wanted(i.filename, config)]
    if len(infos) > config.max_archive_members:
        yield InputError(doc.origin, f"archive has {len(infos)} files, over the limit of {config.max_archive_members}")
        return
    total = 0
    for info in infos:
        origin = f"{doc.origin}!{info.filename}"
        problem = _member_problem(info.file_size, info.compress_size, total, config)
        if problem:
            yield InputError(origin, problem)
            if "archive" in problem:
                return
            continue
        try:
            with archive.open(info) as handle:
                data = _read_capped(handle, config.max_file_bytes)
        except Exception as exc:  # a damaged member: BadZipFile, zlib.error, a negative seek, an encryption ...
            yield InputError(origin, f"cannot extract ({_reason(exc)})")
            continue
        if data is None:
            yield InputError(origin, f"unpacks to over {format_size(config.max_file_bytes)} (--max-size)")
            continue
        total += len(data)
        yield from unpack(_member(doc, info.filename, data), config, depth + 1)


def _gzip_members(doc: Document, config: IngestConfig, depth: int) -> Iterator[Document | InputError]:
    size_cap = max(config.max_archive_bytes, config.max_file_bytes)
    ratio_cap = int(len(doc.data) * config.max_archive_ratio) + _CHUNK
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(doc.data)) as handle:
            data = _read_capped(handle, min(size_cap, ratio_cap))
    except Exception as exc:  # OSError, EOFError, zlib.error on damaged bytes
        yield InputError(doc.origin, f"damaged gzip file ({_reason(exc)})")
        return
    if data is None:
        yield InputError(doc.origin, f"compression ratio over {config.max_archive_ratio:g}:1, refused as a possible zip bomb"
                         if ratio_cap < size_cap else f"unpacks to over {format_size(size_cap)}")
        return
    inner_name = doc.name[:-3] if doc.name.lower().endswith(".gz") else doc.name
    if inner_name.lower().endswith(".tgz"):
        inner_name = inner_name[:-4] + ".tar"
    if len(data) > 262 and data[257:262] == b"ustar":
        yield from _tar_members(doc, data, config, depth)
    elif len(data) > config.max_file_bytes:
        yield InputError(doc.origin, f"unpacks to {format_size(len(data))}, over the "
                                     f"{format_size(config.max_file_bytes)} limit (--max-size)")
    else:
        yield from unpack(Document(doc.origin, data, inner_name, path=doc.path, url=doc.url), config, depth + 1)


def _tar_members(doc: Document, data: bytes, config: IngestConfig, depth: int) -> Iterator[Document | InputError]:
    try:
        archive = tarfile.open(fileobj=io.BytesIO(data))
        members = [m for m in archive.getmembers() if m.isfile() and not PurePosixPath(m.name).name.startswith(".")
                   and _wanted(m.name, config)]
    except Exception as exc:  # tarfile's own errors, and the EOFError or OSError of a cut-off archive
        yield InputError(doc.origin, f"damaged tar archive ({_reason(exc)})")
        return
    if len(members) > config.max_archive_members:
        yield InputError(doc.origin, f"archive has {len(members)} files, over the limit of {config.max_archive_members}")
        return
    for member in members:
        origin = f"{doc.origin}!{member.name}"
        if member.size > config.max_file_bytes:
            yield InputError(origin, f"file is {format_size(member.size)}, over the "
                                     f"{format_size(config.max_file_bytes)} limit (--max-size)")
            continue
        try:
            handle = archive.extractfile(member)
            data = handle.read() if handle is not None else None
        except Exception as exc:
            yield InputError(origin, f"cannot extract ({_reason(exc)})")
            continue
        if data is not None:
            yield from unpack(_member(doc, member.name, data), config, depth + 1)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def _member_problem(size: int, compressed: int, total: int, config: IngestConfig) -> str | None:
    if size > config.max_file_bytes:
        return f"file is {format_size(size)}, over the {format_size(config.max_file_bytes)} limit (--max-size)"
    if compressed and size > compressed * config.max_archive_ratio and size > _CHUNK:
        return f"compression ratio {size // compressed}:1 is over {config.max_archive_ratio:g}:1, refused as a possible zip bomb"
    if total + size > config.max_archive_bytes:
        return f"archive unpacks to over {format_size(config.max_archive_bytes)}; stopped there"
    return None


def _read_capped(handle: io.BufferedIOBase | gzip.GzipFile | zipfile.ZipExtFile, limit: int) -> bytes | None:
    """Read at most `limit` bytes, or None if there is more: archive headers can lie about sizes."""
    chunks, size = [], 0
    while chunk := handle.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
