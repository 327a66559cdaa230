"""Our scorer gives exactly the figures of the gold set's score.py (and follows SCHEMA.md "Scoring")."""

import contextlib
import copy
import importlib.util
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workplan.parsing import parse_file
from workplan.parsing.scoring import (
    dice,
    load_gold,
    match_outline,
    match_targets,
    prf,
    report_json,
    report_lines,
    responsibility_keys,
    score_documents,
)


def target(subject, value, unit, **extra):
    return {"quote": subject + str(value) + unit, "subject": subject, "value": value, "unit": unit, **extra}


# --- the rules, on records we write --------------------------------------------------------------


def test_dice_of_equal_texts_is_one_and_of_disjoint_texts_zero():
    assert dice("新增高新技术企业", "新增高新技术企业") == 1.0
    assert dice("研发投入", "专利授权") == 0.0


def test_dice_ignores_whitespace_width_and_script():
    assert dice("科技型 中小企业", "科技型中小企業") == 1.0
    assert dice("ＡＢ", "AB") == 1.0


def test_dice_counts_shared_bigrams():
    # {新增, 增企, 企业} vs {新增, 增机, 机构}: one shared of 3 + 3
    assert dice("新增企业", "新增机构") == pytest.approx(2 / 6)


def test_target_needs_equal_value_value_max_and_unit():
    gold = [target("新增研发机构", 100, "家")]
    assert match_targets(gold, [target("新增研发机构", 100.0, "家")]) == [
        (gold[0], target("新增研发机构", 100.0, "家"))
    ]
    assert match_targets(gold, [target("新增研发机构", 101, "家")]) == []
    assert match_targets(gold, [target("新增研发机构", 100, "个")]) == []
    assert match_targets(gold, [target("新增研发机构", 100, "家", value_max=120)]) == []


def test_percentage_points_match_with_or_without_ge():
    gold = [target("研发投入强度提高", 0.2, "个百分点")]
    assert len(match_targets(gold, [target("研发投入强度提高", 0.2, "百分点")])) == 1


def test_target_subject_below_half_overlap_does_not_match():
    gold = [target("新增省级工程技术研究中心", 10, "家")]
    assert match_targets(gold, [dict(target("企业", 10, "家"), quote="x")]) == []


def test_quote_overlap_counts_at_ninety_percent():
    gold = [{"quote": "新增孵化器5家", "subject": "甲乙", "value": 5, "unit": "家"}]
    pred = [{"quote": "新增孵化器5家", "subject": "丙丁", "value": 5, "unit": "家"}]
    assert len(match_targets(gold, pred)) == 1  # 0.9 × 1.0 >= 0.5


def test_each_prediction_matches_one_gold_target_and_ties_go_to_the_later():
    gold = [target("新增研发机构", 5, "家"), target("新增研发机构", 5, "家")]
    first, second = target("新增研发机构", 5, "家"), target("新增研发机构", 5, "家")
    pairs = match_targets(gold, [first, second])
    assert [p is second for _, p in pairs] == [True, False]
    assert len(match_targets(gold, [first])) == 1


def test_outline_ignores_brackets_but_needs_level_and_title():
    gold = [{"level": 2, "label": "(一)", "title": "强化企业创新主体地位"}]
    assert match_outline(gold, [{"level": 2, "label": "（一）", "title": "强化企业创新主体地位"}]) == 1
    assert match_outline(gold, [{"level": 3, "label": "(一)", "title": "强化企业创新主体地位"}]) == 0
    assert match_outline(gold, [{"level": 2, "label": "一", "title": "推进人才引育"}]) == 0


def test_responsibilities_are_keyed_by_task_title_prefix_role_and_unit():
    records = [{"task_title": "建设区域科技创新高地工程", "lead": ["市科技局"], "support": ["市财政局"]}]
    assert responsibility_keys(records) == {
        ("建设区域科技创新", "lead", "市科技局"),
        ("建设区域科技创新", "support", "市财政局"),
    }


def test_prf_of_nothing_against_nothing_is_perfect():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)
    assert prf(2, 4, 2) == (1.0, 0.5, pytest.approx(2 / 3))


def test_fields_and_part_counts_over_documents():
    gold = {
        "a": {
            "parts": [
                {"part": 1, "targets": [target("新增研发机构", 5, "家", comparator=">=", aspirational=False)]},
                {"part": 2, "targets": []},
            ]
        }
    }
    pred = {"a": {"parts": [{"targets": [target("新增研发机构", 5, "家", comparator="=", aspirational=None)]}]}}
    s = score_documents(gold, pred).as_dict()
    # comparator wrong; measure/deadline/per_year both missing (equal); aspirational None counts as false
    assert s["fields"] == 4 / 5
    assert s["parts"] == "0/1"
    assert s["per_doc"] == {"a": (1.0, 1.0, 1.0)}


# --- against score.py -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def score_py(gold_dir):
    path = gold_dir / "score.py"
    if not path.exists():
        pytest.skip(f"{path} not found")
    spec = importlib.util.spec_from_file_location("gold_score_py", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def their_figures(score_py, gold_dir: Path, pred: dict) -> tuple[dict, str, str, str]:
    """score.py's dict, plain, verbose and --json output for predictions ``pred`` (stem → doc)."""
    with tempfile.TemporaryDirectory() as tmp:
        for stem, doc in pred.items():
            (Path(tmp) / f"{stem}.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        with contextlib.redirect_stdout(io.StringIO()):
            figures = score_py.score(str(gold_dir), tmp)
        outputs = []
        for flags in ([], ["--verbose"], ["--json"]):
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                assert score_py.main(["score.py", str(gold_dir), tmp, *flags]) == 0
            outputs.append(buf.getvalue())
    return figures, *outputs


def assert_same_figures(score_py, gold_dir, gold, pred):
    figures, plain, verbose, as_json = their_figures(score_py, gold_dir, pred)
    ours = score_documents(gold, pred)
    assert ours.as_dict() == figures
    assert "\n".join(report_lines(ours)) + "\n" == plain
    assert "\n".join(report_lines(ours, verbose=True)) + "\n" == verbose
    assert report_json(ours) + "\n" == as_json


@pytest.fixture(scope="module")
def gold(gold_dir):
    return load_gold(gold_dir)


@pytest.mark.gold
def test_figures_equal_score_py_on_parser_output(score_py, gold_dir, gold):
    pred = {p.stem: parse_file(p).to_dict() for p in sorted((gold_dir / "docs").glob("*")) if p.is_file()}
    assert_same_figures(score_py, gold_dir, gold, pred)


@pytest.mark.gold
def test_figures_equal_score_py_on_the_gold_itself(score_py, gold_dir, gold):
    assert_same_figures(score_py, gold_dir, gold, gold)
    assert score_documents(gold, gold).as_dict()["targets_f1"] == 1.0


@pytest.mark.gold
def test_figures_equal_score_py_with_no_predictions(score_py, gold_dir, gold):
    assert_same_figures(score_py, gold_dir, gold, {})


def _perturb_target(t: dict, kind: int, k: int) -> list[dict]:
    t = dict(t)
    subject = t.get("subject") or ""
    if kind == 0:
        return []
    if kind == 1:
        t["value"] = (t.get("value") or 0) + 1
    elif kind == 2:
        t["subject"] = subject[: max(1, len(subject) * k // 5)]
    elif kind == 3:
        t["subject"] = "新增" + subject[::-1]
    elif kind == 4:
        t["unit"] = {"%": "个百分点", "个百分点": "百分点"}.get(t.get("unit"), "个")
    elif kind == 5:
        t["comparator"], t["aspirational"], t["deadline"] = ">", None, (t.get("deadline") or 2020) + k
    elif kind == 6:
        t["value"] = float(t.get("value") or 0) + 1e-9
    elif kind == 7:
        return [t, dict(t, quote="重复" + (t.get("quote") or ""))]
    return [t]


@st.composite
def predictions(draw, gold: dict) -> dict:
    """Gold documents with targets dropped, altered, duplicated; headings and units shuffled; parts lost."""
    pred = {}
    for stem, doc in gold.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # no prediction file at all
        doc = copy.deepcopy(doc)
        for part in doc["parts"]:
            targets = []
            for t in part.get("targets", []):
                targets += _perturb_target(t, draw(st.integers(0, 12)), draw(st.integers(1, 4)))
            part["targets"] = targets
            for h in part.get("outline", []):
                change = draw(st.integers(0, 6))
                if change == 0:
                    h["level"] += 1
                elif change == 1:
                    h["title"] = h["title"][: len(h["title"]) // 2]
                elif change == 2:
                    h["label"] = f"（{h['label'].strip('()')}）"
            for r in part.get("responsibilities", []):
                change = draw(st.integers(0, 3))
                title = r.get("task_title") or ""
                if change == 0:
                    r["lead"], r["support"] = r.get("support", []), r.get("lead", [])
                elif change == 1:  # only the 8th character differs
                    r["task_title"] = title[:7] + "囧" + title[8:]
                elif change == 2:
                    r["task_title"] = title + "工作"
            if draw(st.integers(0, 5)) == 0:
                part.pop("part", None)
        if draw(st.integers(0, 6)) == 0:
            doc["parts"].append({"part": len(doc["parts"]) + 1, "targets": [target("新增", 1, "家")]})
        pred[stem] = doc
    return pred


@pytest.mark.gold
def test_figures_equal_score_py_on_synthetic_predictions(score_py, gold_dir, gold):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def check(data):
        assert_same_figures(score_py, gold_dir, gold, data.draw(predictions(gold)))

    check()
