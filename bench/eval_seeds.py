"""Score the analysis of the five seed articles against their hand-made gold.json.

    .venv/bin/python bench/eval_seeds.py

Prints entity aliases merged (of 22), quotes with the right speaker (of 13), and claims with
the right value and unit (of 11). Target: all.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from seeds_eval import score

from storyline import Storyline

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    gold = json.loads((ROOT / "tests" / "data" / "seeds-gold.json").read_text("utf-8"))
    with tempfile.TemporaryDirectory() as folder, Storyline(Path(folder) / "seeds.db") as storyline:
        storyline.ingest(ROOT / "examples" / "ukraine-aid")
        storyline.analyse()
        result = score(storyline, gold)
    print(f"entity aliases merged   {result.entities:>3} of {result.totals['entities']}")
    print(f"quotes, right speaker   {result.quotes:>3} of {result.totals['quotes']}")
    print(f"claims, value and unit  {result.claims:>3} of {result.totals['claims']}")
    for miss in result.misses:
        print(f"  miss: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
