"""The Chinese message catalog: every entry translated, none fuzzy, and the compiled .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "workplan"
# the project catalog and every app's own
CATALOGS = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str = ""
    msgid_plural: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries are skipped); enough of the format for this check."""
    entries: list[Entry] = []
    entry, key = Entry(), None

    def finish() -> None:
        nonlocal entry
        if key is not None:
            entries.append(entry)
        entry = Entry()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if key is not None and key.startswith("msgstr"):
                finish()
                key = None
            entry.flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            if key is not None and key.startswith("msgstr"):
                finish()
                key = None
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgctxt":
                entry.msgctxt += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            else:
                index = 0 if key == "msgstr" else int(key[7:-1])
                entry.msgstr[index] += value
        else:
            word, _space, rest = line.partition(" ")
            if word in ("msgid", "msgctxt") and key is not None and key.startswith("msgstr"):
                finish()
            key = word
            value = ast.literal_eval(rest)
            if word == "msgid":
                entry.msgid, entry.line = value, number
            elif word == "msgctxt":
                entry.msgctxt = value
            elif word == "msgid_plural":
                entry.msgid_plural = value
            elif word == "msgstr":
                entry.msgstr[0] = value
            else:
                entry.msgstr[int(word[7:-1])] = value
    finish()
    return entries


@pytest.fixture(scope="module", params=CATALOGS, ids=lambda p: str(p.relative_to(SRC)).split("/locale")[0] or ".")
def catalog(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def entries(catalog) -> list[Entry]:
    return parse_po(catalog.read_text(encoding="utf-8"))


def test_every_app_with_strings_has_a_catalog():
    assert {p.relative_to(SRC).parts[0] for p in CATALOGS} >= {"locale", "supervision", "assessment"}


def test_catalog_has_entries(entries):
    assert entries[0].msgid == ""
    assert "charset=UTF-8" in entries[0].msgstr[0]
    assert len(entries) > 20


def test_no_untranslated_entries(entries):
    untranslated = [f"line {e.line}: {e.msgid!r}" for e in entries[1:] if not all(e.msgstr.values())]
    assert untranslated == []


def test_no_fuzzy_entries(entries):
    assert [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags] == []


def test_placeholders_survive_translation(entries):
    import re

    pattern = re.compile(r"%\((\w+)\)|%%")
    wrong = [
        e.msgid
        for e in entries[1:]
        if not e.msgid_plural and sorted(pattern.findall(e.msgid)) != sorted(pattern.findall(e.msgstr[0]))
    ]
    assert wrong == []


def test_compiled_catalog_is_up_to_date(catalog, entries):
    with catalog.with_suffix(".mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in entries[1:]:
        if e.msgctxt:
            got = compiled.pgettext(e.msgctxt, e.msgid)
        elif e.msgid_plural:
            got = compiled.ngettext(e.msgid, e.msgid_plural, 1)
        else:
            got = compiled.gettext(e.msgid)
        if got != e.msgstr[0]:
            stale.append(e.msgid)
    assert stale == [], "run `make messages` (the .mo is older than the .po)"
