"""The ``workplan`` command line: parse, eval, and (with Django) serve and manage."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def _cmd_parse(args: argparse.Namespace) -> int:
    from workplan.parsing import ParseError, parse_file

    status = 0
    out = Path(args.output) if args.output else None
    many = len(args.files) > 1 or (out is not None and out.is_dir())
    for name in args.files:
        try:
            doc = parse_file(name)
        except ParseError as exc:
            print(f"{name}: {exc.message}", file=sys.stderr)
            status = 1
            continue
        data = json.dumps(doc.to_dict(), ensure_ascii=False, indent=1)
        if out is None:
            print(data)
        elif many:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{Path(name).stem}.json").write_text(data, "utf-8")
        else:
            out.write_text(data, "utf-8")
    return status


def _cmd_eval(args: argparse.Namespace) -> int:
    import importlib.util

    from workplan.parsing import parse_file

    gold = Path(args.gold_dir)
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted((gold / "docs").glob("*")):
            doc = parse_file(f)
            (Path(tmp) / f"{f.stem}.json").write_text(json.dumps(doc.to_dict(), ensure_ascii=False), "utf-8")
        spec = importlib.util.spec_from_file_location("gold_score", gold / "score.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        argv = ["score.py", str(gold), tmp] + (["--verbose"] if args.verbose else [])
        return mod.main(argv)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workplan", description="Workplan: 科技工作要点 → tracked plan")
    sub = p.add_subparsers(dest="command", required=True)
    sp = sub.add_parser("parse", help="parse documents into the task breakdown")
    sp.add_argument("files", nargs="+")
    sp.add_argument("--format", default="json", choices=["json", "xlsx", "docx", "csv", "md"])
    sp.add_argument("-o", "--output")
    sp.set_defaults(func=_cmd_parse)
    se = sub.add_parser("eval", help="score the parser on an annotated set (GOLD_DIR/docs/*, GOLD_DIR/*.json)")
    se.add_argument("gold_dir")
    se.add_argument("--verbose", action="store_true")
    se.set_defaults(func=_cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
