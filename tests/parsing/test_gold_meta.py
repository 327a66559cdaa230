"""Part counts and meta against the development set (../shared/gold); score.py does not score meta."""

import json

import pytest

from workplan.parsing import parse_file

pytestmark = pytest.mark.gold
FIELDS = ("title", "issuer", "region", "plan_year", "end_year", "doc_number", "published")
# Measured 63/63 (every field of the 9 parts); the margin allows a rule that trades one dev-set field for generality.
MIN_META_ACCURACY = 0.95


@pytest.fixture(scope="module")
def documents(gold_dir):
    out = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        out.append((gold, parse_file(gold_dir / "docs" / f"{gold_file.stem}.txt")))
    if not out:
        pytest.skip(f"no annotations in {gold_dir}")
    return out


def test_every_document_has_its_annotated_number_of_parts(documents):
    counts = {gold["doc"]: (len(gold["parts"]), len(doc.parts)) for gold, doc in documents}
    assert {d: got for d, (_, got) in counts.items()} == {d: want for d, (want, _) in counts.items()}


def test_meta_fields_match_the_annotations(documents):
    wrong, total = [], 0
    for gold, doc in documents:
        for gold_part, part in zip(gold["parts"], doc.parts, strict=False):
            for name in FIELDS:
                total += 1
                want, got = gold_part["meta"].get(name), getattr(part.meta, name)
                if want != got:
                    wrong.append(f"{gold['doc']} part {gold_part['part']} {name}: {got!r} != {want!r}")
    assert 1 - len(wrong) / total >= MIN_META_ACCURACY, "\n".join(wrong)


def test_titles_and_years_of_every_part_are_exact(documents):
    """Titles and years drive the tracked plan's name and deadlines: no slack there."""
    for gold, doc in documents:
        for gold_part, part in zip(gold["parts"], doc.parts, strict=False):
            want = {k: gold_part["meta"][k] for k in ("title", "plan_year", "end_year")}
            assert {k: getattr(part.meta, k) for k in want} == want, (gold["doc"], gold_part["part"])
