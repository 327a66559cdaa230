"""``workplan parse`` and ``workplan eval`` from the command line."""

import csv
import io
import json
import subprocess
import sys
import types
from pathlib import Path

import docx
import openpyxl
import pytest

from workplan import cli

PLAN = "江川市2026年科技工作要点\n一、强化企业创新\n（一）新增高新技术企业100家以上。\n"


@pytest.fixture
def plans(tmp_path) -> list[Path]:
    files = []
    for name in ("alpha.txt", "beta.txt"):
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(PLAN, "utf-8")
        files.append(path)
    return files


def run(*argv: object) -> int:
    return cli.main([str(a) for a in argv])


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_one_file_prints_json_to_stdout(plans, capsys):
    assert run("parse", plans[0]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["doc"] == "alpha"
    assert [p["part"] for p in out["parts"]] == [1]


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_one_file_prints_text_formats_to_stdout(plans, capsys, fmt):
    assert run("parse", plans[0], "--format", fmt) == 0
    out = capsys.readouterr().out
    assert out.startswith("序号,重点任务" if fmt == "csv" else "# ")


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_format_to_stdout_is_refused_with_a_clear_message(plans, capsys, fmt):
    with pytest.raises(SystemExit) as exc:
        run("parse", plans[0], "--format", fmt)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{fmt} 是二进制格式，不能输出到终端：请用 -o 指定输出文件或目录" in captured.err


def test_format_follows_the_output_suffix(plans, tmp_path):
    out = tmp_path / "table.xlsx"
    assert run("parse", plans[0], "-o", out) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["任务分解表", "指标"]


@pytest.mark.parametrize("fmt", ["json", "xlsx", "docx", "csv", "md"])
def test_one_file_to_a_named_file(plans, tmp_path, fmt):
    out = tmp_path / "result.out"
    assert run("parse", plans[0], "--format", fmt, "-o", out) == 0
    data = out.read_bytes()
    if fmt == "json":
        assert json.loads(data)["doc"] == "alpha"
    elif fmt == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data))["任务分解表"]["A2"].value == "序号"
    elif fmt == "docx":
        assert docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].text == "序号"
    elif fmt == "csv":
        assert next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[0] == "序号"
    else:
        assert data.decode().startswith("# ")
    assert listing(tmp_path) == ["in", "result.out"]  # no temporary file left beside it


@pytest.mark.parametrize("fmt", ["json", "xlsx", "docx", "csv", "md"])
def test_several_files_give_one_output_each_in_the_directory(plans, tmp_path, fmt):
    out = tmp_path / "out"
    assert run("parse", *plans, "--format", fmt, "-o", out) == 0
    assert listing(out) == [f"alpha.{fmt}", f"beta.{fmt}"]


def test_existing_directory_or_trailing_slash_means_directory(plans, tmp_path):
    existing = tmp_path / "existing"
    existing.mkdir()
    assert run("parse", plans[0], "-o", existing) == 0
    assert listing(existing) == ["alpha.json"]
    assert run("parse", plans[1], "--format", "csv", "-o", f"{tmp_path}/new/") == 0
    assert listing(tmp_path / "new") == ["beta.csv"]


def test_several_files_without_output_directory_are_refused(plans, capsys):
    with pytest.raises(SystemExit) as exc:
        run("parse", *plans)
    assert exc.value.code == 2
    assert "多个输入文件需要用 -o 指定输出目录" in capsys.readouterr().err


def test_inputs_with_the_same_name_are_refused_before_anything_is_written(plans, tmp_path, capsys):
    other = tmp_path / "other" / "alpha.txt"
    other.parent.mkdir()
    other.write_text(PLAN, "utf-8")
    with pytest.raises(SystemExit):
        run("parse", plans[0], other, "-o", tmp_path / "out")
    assert "多个输入文件同名，输出会相互覆盖：alpha" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode("utf-8"))))
    assert run("parse", "-") == 0
    assert json.loads(capsys.readouterr().out)["doc"] == "stdin"


def test_stdin_among_files_writes_stdin_output(plans, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode("utf-8"))))
    assert run("parse", "-", plans[0], "--format", "md", "-o", tmp_path / "out") == 0
    assert listing(tmp_path / "out") == ["alpha.md", "stdin.md"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: 文件为空：empty.txt"),
        ("tool.exe", b"MZ\x90\x00", "tool.exe: 不支持的文件类型：.exe"),
    ],
)
def test_bad_file_exits_1_names_the_file_and_the_others_are_still_written(
    plans, tmp_path, capsys, name, content, message
):
    bad = tmp_path / "in" / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    assert run("parse", plans[0], bad, plans[1], "--format", "xlsx", "-o", out) == 1
    assert message in capsys.readouterr().err.replace(str(tmp_path / "in") + "/", "")
    assert listing(out) == ["alpha.xlsx", "beta.xlsx"]  # nothing for the bad input, no partial file


def test_missing_file_is_reported_not_raised(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    assert run("parse", missing, "-o", tmp_path / "x.json") == 1
    assert capsys.readouterr().err.startswith(f"{missing}: 文件已损坏或无法读取：")
    assert listing(tmp_path) == []


def test_failure_while_writing_leaves_no_partial_file(plans, tmp_path, monkeypatch, capsys):
    def explode(doc, fmt):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workplan.parsing.export.render", explode)
    out = tmp_path / "out.xlsx"
    assert run("parse", plans[0], "-o", out) == 1
    assert listing(tmp_path) == ["in"]
    assert "无法写入" in capsys.readouterr().err


def test_several_files_show_progress_on_stderr(plans, tmp_path, capsys):
    assert run("parse", *plans, "-o", tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "2/2" in captured.err


def test_console_script_reads_stdin_and_exits_1_on_a_bad_file(tmp_path):
    exe = Path(sys.executable).with_name("workplan")
    ok = subprocess.run([exe, "parse", "-", "--format", "csv"], input=PLAN.encode(), capture_output=True, check=False)
    assert ok.returncode == 0
    assert ok.stdout.decode().splitlines()[0] == "序号,重点任务,具体内容与目标,牵头单位,责任单位,完成时限"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad = subprocess.run([exe, "parse", empty], capture_output=True, check=False)
    assert (bad.returncode, bad.stdout) == (1, b"")
    assert bad.stderr.decode().strip() == f"{empty}: 文件为空：empty.txt"


# --- the Django hook -------------------------------------------------------------------------------


def test_django_commands_are_registered_when_cli_django_exists(monkeypatch, capsys):
    def register_django_commands(subparsers):
        sub = subparsers.add_parser("serve")
        sub.set_defaults(func=lambda args: print("serving") or 0)

    fake = types.ModuleType("workplan.cli_django")
    fake.register_django_commands = register_django_commands
    monkeypatch.setitem(sys.modules, "workplan.cli_django", fake)
    assert cli.main(["serve"]) == 0
    assert capsys.readouterr().out == "serving\n"


def test_cli_works_without_cli_django(monkeypatch, plans, capsys):
    monkeypatch.setitem(sys.modules, "workplan.cli_django", None)  # import fails as if absent
    assert run("parse", plans[0]) == 0


def test_a_broken_cli_django_is_not_hidden(monkeypatch):
    def failing_import(name, *args, **kwargs):
        raise ModuleNotFoundError("No module named 'django_extra'", name="django_extra")

    monkeypatch.setattr(cli.importlib, "import_module", failing_import)
    with pytest.raises(ModuleNotFoundError, match="django_extra"):
        cli.build_parser()


# --- eval -----------------------------------------------------------------------------------------


@pytest.mark.gold
def test_eval_prints_score_py_figures(gold_dir, capsys):
    assert run("eval", gold_dir) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("targets F1=")
    assert lines[-2].startswith("gold targets ")
    assert len(lines) == len(list(gold_dir.glob("*.json"))) + 2


def test_eval_of_a_directory_without_annotations_exits_2(tmp_path, capsys):
    assert run("eval", tmp_path) == 2
    assert capsys.readouterr().out == f"no gold annotations (*.json) in {tmp_path}\n"


def test_eval_scores_our_own_small_set(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "jc.txt").write_text(PLAN, "utf-8")
    gold = {"doc": "jc", "parts": [{"part": 1, "targets": [], "outline": [], "responsibilities": []}]}
    (tmp_path / "jc.json").write_text(json.dumps(gold), "utf-8")
    assert run("eval", tmp_path, "--json") == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["parts"] == "1/1"
    assert figures["n_gold_targets"] == 0
