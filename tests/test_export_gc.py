"""Exports collect young objects less often while they run, and put the collector back."""

from __future__ import annotations

import gc

import pytest

from amtui.reports import export
from amtui.reports.export import EXPORT_GC_YOUNG, fewer_collections


def test_fewer_collections_raises_the_young_threshold_and_restores_it():
    before = gc.get_threshold()
    with fewer_collections():
        young, *older = gc.get_threshold()
        assert young == max(before[0], EXPORT_GC_YOUNG)
        assert tuple(older) == before[1:]
        with fewer_collections():  # a second export at once (two TUI workers)
            assert gc.get_threshold()[0] == young
        assert gc.get_threshold()[0] == young  # the first is still running
    assert gc.get_threshold() == before


def test_fewer_collections_restores_the_collector_when_the_export_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("disk full")
    assert gc.get_threshold() == before
    assert export._gc_users[0] == 0
