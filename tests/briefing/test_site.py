"""build_site: the core's one entry point."""

from __future__ import annotations

import gc

import briefing
import pytest
from conftest import GOOD_DATA


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_while_building_and_left_as_it_was(monkeypatch, enabled):
    seen = []
    load = briefing.load_and_validate
    monkeypatch.setattr(briefing, "load_and_validate", lambda root: seen.append(gc.isenabled()) or load(root))
    (gc.enable if enabled else gc.disable)()
    try:
        site = briefing.build_site(GOOD_DATA.parent)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert seen == [False] and "facts.md" in site.pages
