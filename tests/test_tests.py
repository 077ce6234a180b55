"""The test tree mirrors the core: hooks/briefing/<module>.py has tests/briefing/test_<module>.py."""

from __future__ import annotations

from conftest import ROOT

CORE = ROOT / "hooks" / "briefing"
TESTS = ROOT / "tests" / "briefing"
# Test files that cover the core as a whole rather than one module.
WHOLE_CORE_TESTS = {"test_bad_corpus.py", "test_site.py"}  # (test_site.py: build_site, in __init__.py)


def mirror_name(module: str) -> str:
    return "test_main.py" if module == "__main__" else f"test_{module}.py"


def core_modules() -> list[str]:
    return sorted(path.stem for path in CORE.glob("*.py") if path.stem != "__init__")


def test_every_core_module_has_its_test_file():
    missing = [mirror_name(m) for m in core_modules() if not (TESTS / mirror_name(m)).is_file()]
    assert missing == [], f"tests/briefing/ lacks {missing}"


def test_every_test_file_mirrors_a_core_module():
    expected = {mirror_name(m) for m in core_modules()} | WHOLE_CORE_TESTS
    strays = sorted(path.name for path in TESTS.glob("test_*.py") if path.name not in expected)
    assert strays == [], f"tests/briefing/{strays} match no module in hooks/briefing/"
