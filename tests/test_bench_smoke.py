"""The benchmark's input generators, at a tiny size: their output is what dealcoach accepts.

Not a timing test: the benchmark itself is ``benchmarks/bench.py`` (see benchmarks/README.md).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dealcoach.adapters.sqlite_store import open_store
from dealcoach.core.lint import lint
from dealcoach.core.loading import check_playbook_file

GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_playbook_lints_clean(generate: ModuleType, tmp_path: Path) -> None:
    path = generate.write_playbook(tmp_path / "tiny.yaml", 20_000)
    checked = check_playbook_file(str(path))
    assert checked.errors == []
    assert checked.playbook is not None
    assert len(checked.playbook.dimensions) > 1
    assert lint([str(path)]).problems == []  # no warnings either, and its scenarios pass


def test_generated_playbook_has_the_size_asked_for(generate: ModuleType) -> None:
    for size in (5_000, 200_000):
        text = generate.playbook_text(size)
        assert 0.95 * size <= len(text.encode("utf-8")) <= 1.05 * size + 5_000
    assert generate.playbook_text(50_000) == generate.playbook_text(50_000)  # same seed


def test_generated_store_lists_every_deal(generate: ModuleType, tmp_path: Path) -> None:
    generate.make_store(tmp_path, 3, 10)
    store = open_store(tmp_path, user="sam")
    try:
        lines = store.pipeline(6)
        assert len(lines) == 3
        assert sorted(len(store.sessions(line.deal.key)) for line in lines) == [3, 3, 4]
        assert all(line.last.band_label for line in lines)
    finally:
        store.close()
