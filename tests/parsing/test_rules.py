"""Every rule table follows its own schema: known keys, right types, unique keys."""

import pytest

from workplan.parsing.rules import RuleTableError, load_table, table_names


@pytest.mark.parametrize("name", table_names())
def test_rule_table_is_valid(name):
    load_table.cache_clear()
    load_table(name)


def test_user_table_extends_and_replaces(tmp_path):
    (tmp_path / "_probe.toml").write_text("")
    names = table_names()
    if not names:
        pytest.skip("no rule tables yet")
    name = names[0]
    load_table.cache_clear()
    base = load_table(name)
    (tmp_path / f"{name}.toml").write_text("[[item]]\nnot_a_field = 1\n", "utf-8")
    load_table.cache_clear()
    with pytest.raises(RuleTableError, match="unknown keys"):
        load_table(name, str(tmp_path))
    load_table.cache_clear()
    assert load_table(name) == base
