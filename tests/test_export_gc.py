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


def test_the_export_command_runs_without_the_collector_and_turns_it_back_on(
        book_path, tmp_path, monkeypatch, capsys):
    """`amtui export` is a one-shot process: the collector is off while it gathers and
    writes (issue 14), on again after, and off only for as long as it was on before."""
    from amtui.cli import main
    from amtui.reports import export as report_export

    seen = []
    real = report_export.run_export

    def spying(job, **kwargs):
        seen.append(gc.isenabled())
        return real(job, **kwargs)

    monkeypatch.setattr(report_export, "run_export", spying)
    assert gc.isenabled()
    assert main(["export", "status", "-o", str(tmp_path)]) == 0
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        assert main(["export", "status", "-o", str(tmp_path / "again.xlsx")]) == 0
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()
    # a refused export puts it back too
    assert main(["export", "nonsense"]) == 1
    assert gc.isenabled()
    capsys.readouterr()
