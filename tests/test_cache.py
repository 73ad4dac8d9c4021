"""The cache of valid playbooks and lint results: a second run of an unchanged file
skips the work and prints the same; a changed file, a corrupt entry or a cache folder
that cannot be written changes nothing but the time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dealcoach.adapters import file_cache
from dealcoach.adapters.file_cache import FileCache, build_id, cache_folder
from dealcoach.core.catalog import Catalog
from dealcoach.core.lint import lint
from dealcoach.core.loading import PlaybookFile, check_playbook_file
from dealcoach.core.memo import NoMemo, memo_key
from dealcoach.core.reading import LoadError, read_file
from tests.conftest import LINT_CASES, SHIPPED, RunCli

GOOD = LINT_CASES / "good" / "minimal.yaml"


class Counting(FileCache):
    """A cache that counts what it was asked."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.hits = self.puts = 0

    def get(self, key: str) -> object | None:
        found = super().get(key)
        self.hits += found is not None
        return found

    def put(self, key: str, value: object) -> None:
        self.puts += 1
        super().put(key, value)


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_an_entry_is_read_back_and_an_unknown_key_is_a_miss(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    cache.put("ab" * 32, {"x": [1, 2]})
    assert cache.get("ab" * 32) == {"x": [1, 2]}
    assert cache.get("cd" * 32) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped
        lambda data: b"",  # empty
        lambda data: b"not a cache entry at all",
        lambda data: data.replace(file_cache.MAGIC, b"dealcoach-cache-0\n"),  # another format
    ],
    ids=["truncated", "bit-flipped", "empty", "garbage", "other-format"],
)
def test_a_corrupt_entry_is_ignored(tmp_path: Path, damage: object) -> None:
    cache = FileCache(tmp_path)
    cache.put("ab" * 32, "remembered")
    (entry,) = entries(tmp_path)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert cache.get("ab" * 32) is None


def test_a_corrupt_entry_never_changes_what_lint_reports(tmp_path: Path) -> None:
    bad = LINT_CASES / "bad" / "DC101-unknown-key.yaml"
    expected = lint([str(bad)]).problems
    cache = FileCache(tmp_path)
    lint([str(bad)], memo=cache)
    for entry in entries(tmp_path):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    assert lint([str(bad)], memo=cache).problems == expected


def test_an_entry_of_another_kind_under_the_key_is_not_trusted(tmp_path: Path) -> None:
    """Even a well-formed entry must be what the caller expects, for this very text."""
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    cache = FileCache(tmp_path / "cache")
    text = path.read_text(encoding="utf-8")
    cache.put(memo_key("lint", str(path), 20 * 2**20, text), {"not": "linted"})
    assert lint([str(path)], 20 * 2**20, cache).problems == lint([str(path)]).problems


def test_a_second_lint_of_an_unchanged_file_checks_nothing_again(tmp_path: Path) -> None:
    cache = Counting(tmp_path)
    files = [str(p) for p in sorted((LINT_CASES / "bad").glob("*.yaml"))]
    readable = [f for f in files if _reads(f)]  # a file that cannot be read is not kept
    assert len(readable) > 20
    first = lint(files, memo=cache)
    assert (cache.hits, cache.puts) == (0, len(readable))
    again = lint(files, memo=cache)
    assert (cache.hits, cache.puts) == (len(readable), len(readable))
    assert again == first


def _reads(path: str) -> bool:
    try:
        read_file(path)
    except LoadError:
        return False
    return True


def test_a_changed_file_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    cache = FileCache(tmp_path / "cache")
    assert lint([str(path)], memo=cache).problems == []
    path.write_text(path.read_text(encoding="utf-8") + "surprise: 1\n", encoding="utf-8")
    assert [p.code for p in lint([str(path)], memo=cache).problems] == ["DC101"]


def test_the_id_used_twice_is_found_with_every_file_remembered(tmp_path: Path) -> None:
    """DC211 is a check across files: it is made each run, from what is remembered."""
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    cache = FileCache(tmp_path / "cache")
    paths = [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")]
    first = lint(paths, memo=cache)
    assert [p.code for p in first.problems] == ["DC211"]
    assert lint(paths, memo=cache) == first


def test_a_valid_playbook_is_remembered_without_its_document(tmp_path: Path) -> None:
    cache = Counting(tmp_path)
    path = str(SHIPPED / "bant.yaml")
    first = check_playbook_file(path, memo=cache)
    again = check_playbook_file(path, memo=cache)
    assert cache.hits == 1
    assert isinstance(again, PlaybookFile) and again.document is None
    assert again.playbook == first.playbook
    assert (again.text, again.digest, again.problems) == (first.text, first.digest, first.problems)


def test_an_invalid_playbook_is_not_remembered(tmp_path: Path) -> None:
    cache = Counting(tmp_path / "cache")
    path = LINT_CASES / "bad" / "DC101-unknown-key.yaml"
    check_playbook_file(str(path), memo=cache)
    assert cache.puts == 0 and entries(tmp_path) == []


def test_the_catalog_reads_a_remembered_playbook(tmp_path: Path) -> None:
    cache = Counting(tmp_path)
    for _ in range(2):
        checked = Catalog.standard(tmp_path, memo=cache).resolve("meddicc")
        assert checked.playbook is not None and checked.playbook.id == "meddicc"
    assert cache.hits == 1
    assert Catalog.standard(tmp_path).memo.__class__ is NoMemo


def test_a_failed_write_leaves_no_entry_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(file_cache.os, "replace", refuse)
    cache = FileCache(tmp_path)
    cache.put("ab" * 32, "remembered")
    assert entries(tmp_path) == []
    assert cache.get("ab" * 32) is None


def test_a_cache_folder_that_cannot_be_made_is_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = FileCache(blocked / "cache")
    cache.put("ab" * 32, "remembered")
    assert cache.get("ab" * 32) is None


def test_the_build_changes_when_a_source_file_is_edited_or_deleted(tmp_path: Path) -> None:
    for name in ("a.py", "b.py", "c.yml"):
        (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    first = file_cache._files_of(tmp_path)
    later = 5_000_000_000 + os.stat(tmp_path / "a.py").st_mtime_ns
    os.utime(tmp_path / "a.py", ns=(later, later))
    edited = file_cache._files_of(tmp_path)
    (tmp_path / "b.py").unlink()  # not the newest file: a deletion counts too
    deleted = file_cache._files_of(tmp_path)
    (tmp_path / "c.yml").write_text("x: 22\n", encoding="utf-8")
    assert len({first, edited, deleted, file_cache._files_of(tmp_path)}) == 4
    assert cache_folder(str(tmp_path)) == tmp_path / build_id()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no users and permissions here")
def test_a_folder_others_may_write_in_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    FileCache(shared).put("ab" * 32, "remembered")
    assert FileCache(shared).get("ab" * 32) == "remembered"
    shared.chmod(0o777)
    assert FileCache(shared).get("ab" * 32) is None
    FileCache(shared).put("cd" * 32, "planted?")
    shared.chmod(0o700)
    assert FileCache(shared).get("cd" * 32) is None  # nothing was written meanwhile


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="giving a folder away needs root"
)
def test_a_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    FileCache(theirs).put("ab" * 32, "remembered")
    os.chown(theirs, 4242, -1)
    assert FileCache(theirs).get("ab" * 32) is None


def test_the_commands_print_the_same_with_and_without_the_cache(
    run_cli: RunCli, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    answers = Path(__file__).resolve().parents[1] / "examples" / "acme-first-call.yaml"
    on = {"DEALCOACH_CACHE_DIR": str(cache)}
    off = {"DEALCOACH_NO_CACHE": "1", "DEALCOACH_CACHE_DIR": str(cache)}
    assert run_cli("qualify", "Acme Corp", "--answers", str(answers), env=on).returncode == 0
    runs = [
        ("show", "Acme Corp"),
        ("show", "Acme Corp", "--json"),
        ("lint", str(SHIPPED)),
        ("lint", "--format", "json", str(LINT_CASES / "bad")),
    ]
    for args in runs:
        printed = [run_cli(*args, env=env) for env in (on, on, off)]
        assert printed[0] == printed[1] == printed[2], args
    assert entries(cache)


def test_no_cache_means_nothing_is_written(run_cli: RunCli, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"DEALCOACH_NO_CACHE": "1", "DEALCOACH_CACHE_DIR": str(cache)}
    assert run_cli("lint", str(SHIPPED), env=env).returncode == 0
    assert not cache.exists()


def test_an_old_build_folder_is_removed_when_a_new_build_starts(tmp_path: Path) -> None:
    old = tmp_path / "0123456789abcdef"
    (old / "ab").mkdir(parents=True)
    (old / "ab" / ("ab" * 32)).write_bytes(b"an entry")
    recent = tmp_path / "fedcba9876543210"
    (recent / "cd").mkdir(parents=True)
    other = tmp_path / "1111222233334444"  # shaped like one, but holds a user's file
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    long_ago = 1_000_000_000
    for folder in (old, other):
        os.utime(folder, (long_ago, long_ago))
    FileCache(tmp_path / build_id()).put("ab" * 32, "remembered")
    assert not old.exists()
    assert recent.exists() and (other / "notes.txt").exists()
    assert FileCache(tmp_path / build_id()).get("ab" * 32) == "remembered"


def test_help_is_printed_even_when_a_setting_is_bad(run_cli: RunCli) -> None:
    done = run_cli("lint", "--help", env={"DEALCOACH_MAX_FILE_MB": "abc"})
    assert done.returncode == 0 and "Usage: dealcoach lint" in done.stdout
    assert done.stderr == ""
