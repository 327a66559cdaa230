from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not (GOLD_DIR / "docs").is_dir():
        pytest.skip(f"development set not found at {GOLD_DIR} (it lives beside the checkout in ../shared/gold)")
    return GOLD_DIR
