"""Rewrite the expected output of every golden case: ``make golden`` (``python -m tests.parsing.regen_golden``).

Review the diff before committing: every changed line is a change in what the parser extracts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from workplan.parsing import parse_file

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def cases() -> list[Path]:
    """The golden inputs, ``golden/<case>.txt``, sorted by name."""
    return sorted(GOLDEN_DIR.glob("*.txt"))


def parse_case(txt: Path) -> dict[str, Any]:
    """The parser's output for a case, as it is stored (through JSON, so tuples and floats compare alike)."""
    return json.loads(dump(parse_file(txt).to_dict()))


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    for txt in cases():
        out = txt.with_suffix(".json")
        new = dump(parse_case(txt))
        old = out.read_text("utf-8") if out.exists() else None
        if new != old:
            out.write_text(new, "utf-8")
        print(
            f"{'unchanged' if new == old else 'written  '} {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
