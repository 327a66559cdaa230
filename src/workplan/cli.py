"""The ``workplan`` command line: parse, eval, and (with Django) serve, manage and demo.

Exit codes: 0 success, 1 some input could not be parsed (the others were still written), 2 usage error.
The Django commands come from ``workplan.cli_django.register_django_commands`` when that module exists.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STDIN = "-"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out; the message says what to change."""


# --- parse ------------------------------------------------------------------------------------------


def _fmt_for(args: argparse.Namespace) -> str:
    """--format, else the suffix of a single output file (-o plan.xlsx), else json."""
    from workplan.parsing.export import FORMATS

    if args.format:
        return args.format
    if args.output and not _is_dir_target(args.output, args.files):
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    return "json"


def _is_dir_target(output: str, files: list[str]) -> bool:
    return len(files) > 1 or output.endswith(("/", os.sep)) or Path(output).is_dir()


def _stem(name: str) -> str:
    return "stdin" if name == STDIN else Path(name).stem


def _destinations(args: argparse.Namespace, fmt: str) -> list[Path | None]:
    """Where each input goes; None is stdout. Raises UsageError for a command line that cannot work."""
    from workplan.parsing.export import BINARY_FORMATS

    if args.files.count(STDIN) > 1:
        raise UsageError("标准输入（-）只能读取一次")
    if not args.output:
        if len(args.files) > 1:
            raise UsageError("多个输入文件需要用 -o 指定输出目录")
        if fmt in BINARY_FORMATS:
            raise UsageError(f"{fmt} 是二进制格式，不能输出到终端：请用 -o 指定输出文件或目录")
        return [None]
    if not _is_dir_target(args.output, args.files):
        return [Path(args.output)]
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} 不是目录")
    stems = [_stem(name) for name in args.files]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise UsageError(f"多个输入文件同名，输出会相互覆盖：{'、'.join(clashes)}")
    return [out_dir / f"{s}.{fmt}" for s in stems]


def _parse_one(name: str):
    """Parse one input; raises ParseError (also for a file that cannot be read)."""
    from workplan.parsing import parse_file, parse_text
    from workplan.parsing.errors import BrokenFile
    from workplan.parsing.loaders import load_stdin

    try:
        if name == STDIN:
            source, fmt = load_stdin()
            return parse_text(source, doc="stdin", format=fmt)
        return parse_file(name)
    except OSError as exc:
        raise BrokenFile(name=name, reason=exc.strerror or type(exc).__name__) from exc


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a failure leaves no partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _progress(total: int) -> Iterator[tuple[object, object]]:
    """A progress bar on stderr for several inputs; yields (advance(name), console for messages)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, highlight=False)
    if total < 2:
        yield (lambda name: None), console
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("解析", total=total)

        def advance(name: str) -> None:
            progress.update(task, advance=1, description=f"解析 {Path(name).name}")

        yield advance, progress.console


def _cmd_parse(args: argparse.Namespace) -> int:
    from workplan.parsing.errors import ParseError
    from workplan.parsing.export import render, render_text

    fmt = _fmt_for(args)
    destinations = _destinations(args, fmt)
    status = EXIT_OK
    with _progress(len(args.files)) as (advance, console):
        for name, dest in zip(args.files, destinations, strict=True):
            shown = "stdin" if name == STDIN else name
            try:
                doc = _parse_one(name)
                if dest is None:
                    sys.stdout.write(render_text(doc, fmt))
                else:
                    _write_atomically(dest, render(doc, fmt))
            except ParseError as exc:
                console.print(f"{shown}: {exc.message}", markup=False, soft_wrap=True)
                status = EXIT_FAILED
            except OSError as exc:
                console.print(f"{shown}: 无法写入 {dest}：{exc.strerror or exc}", markup=False, soft_wrap=True)
                status = EXIT_FAILED
            except Exception as exc:  # a parser bug on one input must not cost the other inputs
                if os.environ.get("WORKPLAN_DEBUG"):
                    raise
                console.print(
                    f"{shown}: 内部错误（{type(exc).__name__}: {exc}），请报告此问题", markup=False, soft_wrap=True
                )
                status = EXIT_FAILED
            advance(name)
    return status


# --- eval -------------------------------------------------------------------------------------------


def _cmd_eval(args: argparse.Namespace) -> int:
    from workplan.parsing import parse_file
    from workplan.parsing.errors import ParseError
    from workplan.parsing.scoring import load_gold, report_json, report_lines, score_documents

    gold_dir = Path(args.gold_dir)
    gold = load_gold(gold_dir)
    if not gold:
        print(f"no gold annotations (*.json) in {gold_dir}")
        return EXIT_USAGE
    pred = {}
    for path in sorted(p for p in (gold_dir / "docs").glob("*") if p.is_file()):
        try:
            pred[path.stem] = parse_file(path).to_dict()
        except ParseError as exc:  # scored as a document with no parts
            print(f"{path}: {exc.message}", file=sys.stderr)
    score = score_documents(gold, pred)
    if args.json:
        for line in score.diff_lines if args.verbose else []:
            print(line)
        print(report_json(score))
    else:
        print("\n".join(report_lines(score, verbose=args.verbose)))
    return EXIT_OK


# --- wiring -----------------------------------------------------------------------------------------


def _register_django_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add serve/manage/demo when ``workplan.cli_django`` exists; its own import errors are real errors."""
    try:
        module = importlib.import_module("workplan.cli_django")
    except ModuleNotFoundError as exc:
        if exc.name != "workplan.cli_django":
            raise
        return
    module.register_django_commands(subparsers)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workplan", description="Workplan: 科技工作要点 → 任务分解表与跟踪")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser(
        "parse",
        help="parse plans into the task breakdown (json, xlsx, docx, csv, md)",
        description="Parse work plans (.txt .html .docx .pdf, - for stdin). One input without -o prints "
        "json/csv/md; several inputs, or -o DIR/, give one DIR/<stem>.<format> each.",
    )
    sp.add_argument("files", nargs="+", metavar="FILE", help="input file, or - for standard input")
    sp.add_argument("--format", choices=["json", "xlsx", "docx", "csv", "md"], help="default: from -o, else json")
    sp.add_argument("-o", "--output", metavar="OUT", help="output file, or directory (existing, or ending in /)")
    sp.set_defaults(func=_cmd_parse)

    se = sub.add_parser(
        "eval",
        help="score the parser on an annotated set",
        description="Parse GOLD_DIR/docs/* and score against GOLD_DIR/<doc>.json (figures as GOLD_DIR/score.py).",
    )
    se.add_argument("gold_dir", metavar="GOLD_DIR")
    se.add_argument("--verbose", action="store_true", help="list missed and extra targets")
    se.add_argument("--json", action="store_true", help="print the figures as JSON")
    se.set_defaults(func=_cmd_eval)

    _register_django_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        parser.exit(EXIT_USAGE, f"workplan {args.command}: {exc}\n")
    except BrokenPipeError:  # `workplan parse x | head`
        sys.stderr.close()
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
