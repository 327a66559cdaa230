"""Targets against the development set (../shared/gold), scored by the set's own score.py."""

import importlib.util
import json

import pytest

from workplan.parsing import parse_file

# Measured: targets F1 1.000, field accuracy 1.000. The margin leaves room for rules that trade a
# dev-set point for generality, never for a regression of more than a few targets.
MIN_TARGETS_F1 = 0.97
MIN_FIELD_ACCURACY = 0.97


@pytest.fixture(scope="module")
def scorer(gold_dir):
    path = gold_dir / "score.py"
    if not path.is_file():
        pytest.skip(f"no score.py in {gold_dir}")
    spec = importlib.util.spec_from_file_location("gold_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(gold_dir, scorer):
    """Matched pairs and counts over every part of every document of the development set."""
    pairs, n_gold, n_pred = [], 0, 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        predicted = parse_file(gold_dir / "docs" / f"{gold_file.stem}.txt").to_dict()
        by_number = {p["part"]: p for p in predicted["parts"]}
        for gold_part in gold["parts"]:
            pred = by_number.get(gold_part["part"], {}).get("targets", [])
            pairs += scorer.match_targets(gold_part["targets"], pred)
            n_gold += len(gold_part["targets"])
            n_pred += len(pred)
    return pairs, n_gold, n_pred


def test_targets_f1_on_development_set(scored):
    pairs, n_gold, n_pred = scored
    assert 2 * len(pairs) / (n_gold + n_pred) >= MIN_TARGETS_F1


def test_target_field_accuracy_on_development_set(scorer, scored):
    pairs = scored[0]
    right = total = 0
    for gold, pred in pairs:
        for field in scorer.FIELDS:
            total += 1
            g, p = gold.get(field), pred.get(field)
            right += (g or False) == (p or False) if field in ("per_year", "aspirational") else g == p
    assert right / total >= MIN_FIELD_ACCURACY


def test_every_quote_is_cut_from_the_source_at_its_offsets(gold_dir):
    for doc in sorted((gold_dir / "docs").glob("*.txt")):
        parsed = parse_file(doc)
        for part in parsed.parts:
            for t in part.targets:
                assert parsed.source[t.start : t.end] == t.quote, (doc.name, t.quote)
