"""Generalisation set: plans written for the tests in the styles of other provinces, years and formats.

Each ``generalisation/<case>.<txt|html>`` is annotated by hand in ``<case>.json`` the way
``../shared/gold/SCHEMA.md`` says a correct parser reads it (not the way the parser happens to read it),
and scored with ``workplan.parsing.scoring`` like the development set. The thresholds are what the parser
reaches; a rule fitted to the development set that breaks one of these styles fails here.
"""

import json
from pathlib import Path

import pytest

from workplan.parsing import parse_file
from workplan.parsing.scoring import score_documents

CASE_DIR = Path(__file__).resolve().parent / "generalisation"
CASES = sorted(p for p in CASE_DIR.iterdir() if p.suffix in (".txt", ".html"))
META_FIELDS = ("title", "issuer", "region", "plan_year", "end_year", "doc_number", "published")

# case → minimum (targets F1, field accuracy, outline F1, responsibilities F1); parts and meta must be exact
THRESHOLDS = {
    "action_plan_dash": (1.0, 1.0, 1.0, 1.0),
    "compilation_unmarked": (1.0, 1.0, 1.0, 1.0),
    "county_fullwidth": (1.0, 1.0, 1.0, 1.0),
    "hard_expressions": (1.0, 1.0, 1.0, 1.0),
    "indicator_sentences": (1.0, 1.0, 1.0, 1.0),
    "numerals_and_non_targets": (1.0, 1.0, 1.0, 1.0),
    "province_2023": (1.0, 1.0, 1.0, 1.0),
    "traditional_script": (1.0, 1.0, 1.0, 1.0),
    "web_page": (1.0, 1.0, 1.0, 1.0),
}


def _gold(case: Path) -> dict:
    return json.loads(case.with_suffix(".json").read_text("utf-8"))


@pytest.fixture(scope="module")
def parsed():
    return {case.stem: parse_file(case).to_dict(include_source=True) for case in CASES}


def test_every_case_has_an_annotation_and_a_threshold():
    assert sorted(THRESHOLDS) == [c.stem for c in CASES]
    assert all(c.with_suffix(".json").is_file() for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_annotated_quotes_are_verbatim_in_the_text(case, parsed):
    source = parsed[case.stem]["source"]
    for part in _gold(case)["parts"]:
        for target in part["targets"]:
            assert target["quote"] in source, target["quote"]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_scores_at_least_its_threshold(case, parsed):
    score = score_documents({case.stem: _gold(case)}, {case.stem: parsed[case.stem]})
    figures = score.as_dict()
    min_targets, min_fields, min_outline, min_resp = THRESHOLDS[case.stem]
    assert figures["parts"] == "1/1", "part count"
    assert figures["targets_f1"] >= min_targets, score.diff_lines
    assert score.fields >= min_fields
    assert figures["outline_f1"] >= min_outline
    assert figures["resp_f1"] >= min_resp


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_meta_is_read_exactly(case, parsed):
    gold_parts = _gold(case)["parts"]
    pred_parts = parsed[case.stem]["parts"]
    assert [{k: p["meta"][k] for k in META_FIELDS} for p in pred_parts] == [p["meta"] for p in gold_parts]
