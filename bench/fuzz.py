"""Fuzz the readers: arbitrary bytes and real files damaged at random, for a while, through everything
ingest does with an input short of the store (unpack, sniff, decode, read, clean).

    .venv/bin/python bench/fuzz.py [--minutes 10] [--seed 1] [--keep DIR]

Every input must give articles, notices or InputErrors: any other exception is a bug, and so is an
input that takes longer than --hang seconds. Printed: inputs tried, what they gave, and each
unexpected exception (the inputs that raised them are written to --keep, to replay).
"""

from __future__ import annotations

import argparse
import gzip
import io
import logging
import random
import signal
import tarfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

from storyline.errors import InputError
from storyline.ingest.probe import read_bytes
from storyline.models import Article, Notice

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
NAMES = ["story.txt", "page.html", "dump.json", "lines.jsonl", "feed.xml", "notes.md", "archive.zip", "story.gz",
         "bundle.tar.gz", "noname"]


class Hang(Exception):
    pass


def samples() -> list[bytes]:
    files = sorted((CORPORA / "readability-pages").glob("*/source.html"))
    files += sorted((CORPORA / "t17-h1n1" / "InputDocs").glob("*/*.txt"))[::5]
    files += sorted((CORPORA / "polnear-dev" / "dev" / "text").glob("*.txt"))[::5]
    files += sorted((CORPORA / "seeds").glob("*.txt"))
    found = [p.read_bytes()[:200_000] for p in files]
    found.append((CORPORA / "ecbplus-dev" / "docs.jsonl").read_bytes()[:100_000])
    found += [_zip(found[:3]), _tar(found[3:6]), gzip.compress(found[7])]
    found.append(_rss(found[-5:-3]))
    return found


def _zip(parts: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as handle:
        for n, part in enumerate(parts):
            handle.writestr(f"{n}.html", part)
    return buffer.getvalue()


def _tar(parts: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as handle:
        for n, part in enumerate(parts):
            info = tarfile.TarInfo(f"{n}.txt")
            info.size = len(part)
            handle.addfile(info, io.BytesIO(part))
    return buffer.getvalue()


def _rss(parts: list[bytes]) -> bytes:
    items = "".join(f"<item><title>t{n}</title><link>https://example.org/{n}</link><description><![CDATA["
                    f"{p.decode('utf-8', 'replace')[:3000]}]]></description></item>" for n, p in enumerate(parts))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'.encode()


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out)) if out else 0
        how = rng.choice(["flip", "drop", "repeat", "insert", "truncate", "splice"])
        if how == "flip" and out:
            out[at] ^= rng.randrange(1, 256)
        elif how == "drop":
            del out[at: at + rng.randint(1, 400)]
        elif how == "repeat":
            out[at:at] = out[at: at + rng.randint(1, 2000)]
        elif how == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 64))
        elif how == "truncate":
            del out[at:]
        else:
            out[at:at] = rng.choice([b"\x00", b"\xff\xfe", b"<", b"]]>", b"{", b"PK\x03\x04", b"\x1f\x8b", b"\n" * 50])
    return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang", type=float, default=30.0, help="seconds an input may take")
    parser.add_argument("--keep", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    rng = random.Random(args.seed)
    pool = samples()
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    kinds: Counter[str] = Counter()

    def alarm(*_: object) -> None:
        raise Hang

    signal.signal(signal.SIGALRM, alarm)
    stop = time.monotonic() + args.minutes * 60
    tried = 0
    while time.monotonic() < stop:
        name = rng.choice(NAMES)
        data = rng.randbytes(rng.randint(0, 5000)) if rng.random() < 0.2 else mutate(rng.choice(pool), rng)
        tried += 1
        kinds[name] += 1
        signal.setitimer(signal.ITIMER_REAL, args.hang)
        try:
            for item in read_bytes(data, name):
                outcomes[type(item).__name__] += 1
                assert isinstance(item, (Article, Notice, InputError))
        except Hang:
            failures[f"took over {args.hang:g} s"] += 1
            _keep(args.keep, data, name, tried, "hang")
        except Exception as exc:  # the bugs this looks for
            where = traceback.extract_tb(exc.__traceback__)[-1]
            failures[f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: {str(exc)[:80]}"] += 1
            _keep(args.keep, data, name, tried, type(exc).__name__)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    print(f"fuzzed the readers for {args.minutes:g} min (seed {args.seed}): {tried} inputs from {len(pool)} real "
          f"samples and random bytes, as {', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}")
    print("gave: " + ", ".join(f"{n} {k}" for k, n in outcomes.most_common()))
    print(f"unexpected exceptions or hangs: {sum(failures.values())}")
    for what, n in failures.most_common():
        print(f"  {n:>5}  {what}")


def _keep(folder: Path, data: bytes, name: str, number: int, kind: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number:06d}-{kind}-{name}").write_bytes(data)


if __name__ == "__main__":
    main()
