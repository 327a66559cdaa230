"""Rule tables: ``rules/<name>.toml``, each headed by its own schema, loaded once, extendable by a user file.

A table looks like::

    [schema]
    description = "what the table is for"
    key = "text"                 # the field that must be unique among items
    [schema.fields]              # every field an item may have, with its type
    text = "str"
    measure = "str"

    [[item]]
    text = "家"
    measure = "count"

A user extends a table with a file of the same name in the directory named by ``WORKPLAN_RULES_DIR``
(or passed as ``extra_dir``): its items are appended; an item whose key is already present replaces it.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).resolve().parent
_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool, "list": list}


class RuleTableError(ValueError):
    """A rule table that does not follow its own schema."""


def _validate(name: str, data: dict[str, Any], schema: dict[str, Any], origin: Path) -> list[dict[str, Any]]:
    fields = schema.get("fields", {})
    key = schema.get("key")
    unknown_top = set(data) - {"schema", "item"}
    if unknown_top:
        raise RuleTableError(f"{origin}: unknown top-level keys {sorted(unknown_top)}")
    items = data.get("item", [])
    seen: set[Any] = set()
    for i, item in enumerate(items):
        unknown = set(item) - set(fields)
        if unknown:
            raise RuleTableError(f"{origin}: item {i + 1} has unknown keys {sorted(unknown)}")
        for f, v in item.items():
            want = _TYPES.get(fields[f])
            if want is None:
                raise RuleTableError(f"{origin}: field {f!r} has unknown type {fields[f]!r}")
            if not isinstance(v, want) or (fields[f] != "bool" and isinstance(v, bool)):
                raise RuleTableError(f"{origin}: item {i + 1} field {f!r} should be {fields[f]}")
        if key:
            if key not in item:
                raise RuleTableError(f"{origin}: item {i + 1} lacks its key {key!r}")
            if item[key] in seen:
                raise RuleTableError(f"{origin}: duplicate {key} {item[key]!r}")
            seen.add(item[key])
    return items


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_table(name: str, extra_dir: str | None = None) -> tuple[dict[str, Any], ...]:
    """Items of table ``name``, merged with the user's table of the same name, if any."""
    base_path = RULES_DIR / f"{name}.toml"
    base = _read(base_path)
    schema = base.get("schema")
    if not isinstance(schema, dict):
        raise RuleTableError(f"{base_path}: missing [schema]")
    items = _validate(name, base, schema, base_path)
    extra_dir = extra_dir or os.environ.get("WORKPLAN_RULES_DIR")
    if extra_dir and (Path(extra_dir) / f"{name}.toml").is_file():
        user_path = Path(extra_dir) / f"{name}.toml"
        user = _read(user_path)
        user.pop("schema", None)
        user_items = _validate(name, user, schema, user_path)
        key = schema.get("key")
        if key:
            replaced = {it[key] for it in user_items}
            items = [it for it in items if it[key] not in replaced]
        items = items + user_items
    return tuple(items)


def table_names() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.toml"))
