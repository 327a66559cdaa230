"""Golden cases: ``golden/<case>.txt`` (plans written for the tests) parse to ``golden/<case>.json``.

After an intended change in the parser, run ``make golden`` and review the diff of the JSON files.
"""

import dataclasses
import json

import pytest

from tests.parsing.regen_golden import GOLDEN_DIR, cases, parse_case
from workplan.parsing import model

CASES = cases()


@pytest.mark.parametrize("txt", CASES, ids=[c.stem for c in CASES])
def test_golden_case(txt):
    expected = txt.with_suffix(".json")
    assert expected.exists(), f"{expected.name} missing: run `make golden` and review it"
    assert parse_case(txt) == json.loads(expected.read_text("utf-8"))


def test_there_are_golden_cases():
    assert len(CASES) >= 5


def test_case_names_are_unique_ignoring_case():
    names = [c.stem.lower() for c in CASES]
    assert len(names) == len(set(names))


def test_every_case_has_its_expected_output_and_nothing_else_lies_around():
    files = {p.name for p in GOLDEN_DIR.iterdir() if not p.name.startswith(".")}
    expected = {f"{c.stem}.txt" for c in CASES} | {f"{c.stem}.json" for c in CASES}
    assert files == expected


def _field_names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("txt", CASES, ids=[c.stem for c in CASES])
def test_expected_output_has_no_unknown_keys(txt):
    data = json.loads(txt.with_suffix(".json").read_text("utf-8"))
    assert set(data) <= {"doc", "format", "parts", "source"}
    for part in data["parts"]:
        assert set(part) <= _field_names(model.Part)
        assert set(part["meta"]) <= _field_names(model.Meta)
        for key, cls in (
            ("outline", model.Heading),
            ("targets", model.Target),
            ("responsibilities", model.Responsibility),
            ("lint", model.Finding),
        ):
            for record in part[key]:
                assert set(record) <= _field_names(cls), f"{txt.stem} {key}: {set(record) - _field_names(cls)}"
