"""Benchmark dealcoach against its targets and its peers (check-jsonschema, yamllint).

Run from the repository root, in a venv with the ``bench`` extra installed:

    .venv/bin/python benchmarks/bench.py [--quick] [--runs N] [--only GROUPS]
                                         [--keep] [--markdown FILE]

It generates its inputs in a temporary folder, runs every command as a
subprocess of the installed entry points (the ``bin`` folder of the running
interpreter, or ``--bin DIR``), takes the median of several runs, and prints a
table of medians and ratios against their targets. The exit status is 0 even
when a target is missed: this is a report, and MISS says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # the sibling modules, found through the line above
import postgres

REPO = Path(__file__).resolve().parent.parent
ONE_MB = 1_000_000
TEN_MB = 10_000_000
TIMEOUT_S = 900.0


# --- Running commands -----------------------------------------------------------------


@dataclass
class Cmd:
    """One command to time, and the exit codes that mean it did its job."""

    label: str
    argv: list[str]
    cwd: Path | None = None
    ok: tuple[int, ...] = (0,)
    env: dict[str, str] = field(default_factory=dict)  # added to the common environment
    before: Callable[[], object] | None = None  # run, untimed, before each run


@dataclass
class Timing:
    """The wall times of a command's runs, or why there are none."""

    cmd: Cmd
    times: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    max_rss_kb: int = 0
    missing: str | None = None  # "not installed", "timed out", ...

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times and not self.missing else None

    @property
    def unexpected(self) -> set[int]:
        return self.codes - set(self.cmd.ok)


def run_once(cmd: Cmd, env: dict[str, str]) -> tuple[float, int, int]:
    """Run ``cmd`` once: (wall seconds, exit code, the child's max RSS in KiB)."""
    if cmd.before is not None:
        cmd.before()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd.argv,
        cwd=cmd.cwd,
        env={**env, **cmd.env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = start + TIMEOUT_S
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            raise TimeoutError(cmd.label)
        time.sleep(0.0005)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, int(usage.ru_maxrss)


def measure(cmds: Sequence[Cmd], runs: int, env: dict[str, str], warmup: int = 1) -> list[Timing]:
    """Time the commands in turns (A B A B ...), so that drift hits them alike."""
    timings = [Timing(c) for c in cmds]
    for t in timings:
        if not Path(t.cmd.argv[0]).exists():
            t.missing = "not installed"
    live = [t for t in timings if not t.missing]
    for round_ in range(warmup + runs):
        for t in live:
            if t.missing:
                continue
            try:
                elapsed, code, rss = run_once(t.cmd, env)
            except TimeoutError:
                t.missing = f"timed out after {TIMEOUT_S:.0f} s"
                continue
            t.codes.add(code)
            t.max_rss_kb = max(t.max_rss_kb, rss)
            if round_ >= warmup:
                t.times.append(elapsed)
    return timings


# --- Figures --------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    a: Timing | None
    b: Timing | None
    value: float | None  # the ratio (or the memory multiple)
    shown: str
    target: str
    passed: bool | None  # None: could not be measured
    note: str = ""


def ratio_row(
    figure: str,
    a: Timing,
    b: Timing,
    target: str,
    *,
    limit: float,
    faster: bool = False,
) -> Row:
    """``a/b`` (or ``b/a``, "x faster", when ``faster``) against ``limit``."""
    if a.median is None or b.median is None:
        why = a.missing or b.missing or "no runs"
        return Row(figure, a, b, None, "-", target, None, why)
    if faster:
        value = b.median / a.median
        return Row(figure, a, b, value, f"{value:.1f}x faster", target, value >= limit)
    value = a.median / b.median
    return Row(figure, a, b, value, f"{value:.2f}x", target, value <= limit)


def fmt_time(t: Timing | None) -> str:
    if t is None:
        return ""
    if t.median is None:
        return t.missing or "-"
    m = t.median
    return f"{m * 1000:.1f} ms" if m < 1 else f"{m:.2f} s"


def find_tool(bindir: Path, name: str) -> Path:
    """The installed entry point ``name`` in ``bindir`` (else on PATH, else a missing path)."""
    here = bindir / name
    if here.exists():
        return here
    found = shutil.which(name)
    return Path(found) if found else here


def playbook_schema(dealcoach: Path, folder: Path, env: dict[str, str]) -> tuple[Path | None, str]:
    """The playbook JSON Schema from ``dealcoach schema``: (its file, or None; where from)."""
    target = folder / "playbook.schema.json"
    done = subprocess.run(
        [str(dealcoach), "schema"], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0 or not done.stdout.strip().startswith("{"):
        return None, f"`dealcoach schema` failed (exit {done.returncode})"
    target.write_text(done.stdout, encoding="utf-8")
    return target, "`dealcoach schema`"


def _compile_dealcoach(python: Path, env: dict[str, str]) -> None:
    """Byte-compile the installed dealcoach package, as a regular (non-editable) install does."""
    code = (
        "import compileall, dealcoach, os; "
        "compileall.compile_dir(os.path.dirname(dealcoach.__file__), quiet=1)"
    )
    subprocess.run([str(python), "-c", code], env=env, check=False, capture_output=True)


def machine() -> dict[str, str]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    dists = [
        "dealcoach",
        "typer",
        "rich",
        "pydantic",
        "PyYAML",
        "questionary",
        "check-jsonschema",
        "ruamel.yaml",
        "ruamel.yaml.clib",
        "yamllint",
    ]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "packages": ", ".join(f"{d} {version(d)}" for d in dists),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# --- The benchmark --------------------------------------------------------------------


GROUPS = (
    "startup",
    "rep",
    "small",
    "folder",
    "peers",
    "scale",
    "concurrency",
    "deals",
    "review",
    "crm",
)
ANSWERS = REPO / "examples" / "acme-first-call.yaml"


@dataclass
class Bench:
    """The tools, the inputs and the run counts that every group of figures shares."""

    python: Path
    dealcoach: str
    check_jsonschema: Path
    yamllint: Path
    work: Path
    env: dict[str, str]
    runs: int
    slow_runs: int
    warmup: int
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lint_one: Timing | None = None
    cleanups: list[Callable[[], object]] = field(default_factory=list)
    pg_admin: str = ""
    pg_missing: str | None = None  # why PostgreSQL cannot be measured

    def cold(self, name: str) -> tuple[dict[str, str], Callable[[], object]]:
        """An environment with a cache folder of its own, and the step that empties it
        before each run: every run is a first run."""
        folder = self.work / f"cache-{name}"
        return {"DEALCOACH_CACHE_DIR": str(folder)}, lambda: shutil.rmtree(folder, True)

    def add(self, row: Row) -> None:
        """``row``, failed when a command it times did not do its job."""
        failed = [t for t in (row.a, row.b) if t is not None and t.unexpected]
        if failed and row.passed:
            row.passed = False
            row.note = "exited with " + ", ".join(str(sorted(t.unexpected)) for t in failed)
        self.rows.append(row)

    def time(self, cmds: Sequence[Cmd], runs: int | None = None) -> list[Timing]:
        return measure(cmds, self.runs if runs is None else runs, self.env, self.warmup)

    @property
    def one(self) -> Path:
        return self._playbook("one-mb.yaml", ONE_MB)

    @property
    def ten(self) -> Path:
        return self._playbook("ten-mb.yaml", TEN_MB)

    def _playbook(self, name: str, size: int) -> Path:
        path = self.work / name
        if not path.exists():
            generate.write_playbook(path, size)
        return path


def startup(b: Bench) -> None:
    _progress("start-up")
    bare, version, helptext = b.time(
        [
            Cmd("python -c pass", [str(b.python), "-c", "pass"]),
            Cmd("dealcoach --version", [b.dealcoach, "--version"]),
            Cmd("dealcoach --help", [b.dealcoach, "--help"]),
        ],
        b.runs * 3,
    )
    b.add(
        ratio_row("`dealcoach --version` vs `python -c pass`", version, bare, "<= 1.1x", limit=1.1)
    )
    b.add(ratio_row("`dealcoach --help` vs `python -c pass`", helptext, bare, "<= 6x", limit=6))


def rep(b: Bench) -> None:
    """What a rep runs minutes before a call: qualify from a file, show, the interview."""
    _progress("qualify --answers, show, the first interview question")
    homes = {name: b.work / f"rep-{name}" for name in ("qualify", "show")}
    for home in homes.values():
        home.mkdir()
    env = {"DEALCOACH_USER": "sam", "COLUMNS": "100"}
    qualify = [b.dealcoach, "qualify", "Acme Corp", "--answers", str(ANSWERS)]
    for _ in range(3):  # a deal with a history, as a rep's deals have
        subprocess.run(
            qualify,
            env={**b.env, **env, "DEALCOACH_HOME": str(homes["show"])},
            capture_output=True,
            check=True,
        )
    bare, recorded, shown = b.time(
        [
            Cmd("python -c pass", [str(b.python), "-c", "pass"]),
            Cmd("qualify --answers", qualify, env={**env, "DEALCOACH_HOME": str(homes["qualify"])}),
            Cmd(
                "show",
                [b.dealcoach, "show", "Acme Corp"],
                env={**env, "DEALCOACH_HOME": str(homes["show"])},
            ),
        ],
        b.runs * 2,
    )
    b.add(
        ratio_row(
            "`dealcoach qualify DEAL --answers FILE` vs `python -c pass`",
            recorded,
            bare,
            "<= 12x",
            limit=12,
        )
    )
    b.add(ratio_row("`dealcoach show DEAL` vs `python -c pass`", shown, bare, "<= 12x", limit=12))
    b.add(_first_question(b, b.runs * 2))


def _first_question(b: Bench, runs: int) -> Row:
    """From `dealcoach qualify NEW-DEAL` in a terminal to its first question on screen."""
    figure = "`dealcoach qualify DEAL` in a terminal: first question on screen"
    timing = Timing(Cmd("first question", [b.dealcoach, "qualify", "Bench deal"]))
    try:
        import pexpect
    except ImportError:
        timing.missing = "pexpect not installed"
        return Row(figure, timing, None, None, "-", "<= 0.3 s", None, timing.missing)
    for round_ in range(b.warmup + runs):
        home = b.work / f"interview-{round_}"
        home.mkdir()
        env = {**b.env, "DEALCOACH_HOME": str(home), "DEALCOACH_USER": "sam", "TERM": "xterm"}
        start = time.perf_counter()
        child = pexpect.spawn(
            b.dealcoach,
            ["qualify", "Bench deal"],
            env=env,
            encoding="utf-8",
            dimensions=(40, 100),
            timeout=60,
        )
        try:
            child.expect("Question 1 of")
            elapsed = time.perf_counter() - start
            _interrupt(child, pexpect)
        except pexpect.ExceptionPexpect as exc:
            timing.missing = f"no question seen ({type(exc).__name__})"
            break
        finally:
            child.close(force=True)
        timing.codes.add(child.exitstatus if child.exitstatus is not None else -1)
        if round_ >= b.warmup:
            timing.times.append(elapsed)
    timing.cmd.ok = (130,)  # Ctrl-C after the question: interrupted, as documented
    if timing.median is None:
        return Row(figure, timing, None, None, "-", "<= 0.3 s", None, timing.missing or "")
    value = timing.median
    return Row(figure, timing, None, value, f"{value:.2f} s", "<= 0.3 s", value <= 0.3)


def _interrupt(child: Any, pexpect: Any) -> None:
    """Ctrl-C, as a rep would, until the interview ends. On a busy machine one Ctrl-C
    typed the instant the question shows can be lost while the prompt starts (the
    terminal of a pseudo-terminal does not answer prompt_toolkit's cursor position
    request), so it is typed again after a pause, as a rep would type it again."""
    for _ in range(5):
        child.sendcontrol("c")
        try:
            child.expect(pexpect.EOF, timeout=3)
            return
        except pexpect.TIMEOUT:
            continue
    child.expect(pexpect.EOF, timeout=3)


def small(b: Bench) -> None:
    """A pre-commit hook's lint of one small playbook: the first run, and again."""
    _progress("lint 10 KB: first run, again, yamllint")
    path = generate.write_playbook(b.work / "ten-kb.yaml", 10_000)
    cold_env, empty = b.cold("small")
    warm_env = {"DEALCOACH_CACHE_DIR": str(b.work / "cache-small-warm")}
    argv = [b.dealcoach, "lint", str(path)]
    subprocess.run(argv, env={**b.env, **warm_env}, capture_output=True, check=False)
    first, again, yamllint = b.time(
        [
            Cmd("dealcoach lint 10 KB, first run", argv, env=cold_env, before=empty),
            Cmd("dealcoach lint 10 KB, again", argv, env=warm_env),
            Cmd("yamllint 10 KB", [str(b.yamllint), str(path)], ok=(0, 1)),
        ],
        b.runs * 2,
    )
    b.add(
        ratio_row(
            "`dealcoach lint` 10 KB playbook vs `yamllint`, first run",
            first,
            yamllint,
            "<= 1.0x",
            limit=1.0,
        )
    )
    b.add(
        ratio_row(
            "`dealcoach lint` 10 KB playbook vs `yamllint`, again on the unchanged file",
            again,
            yamllint,
            "<= 0.5x",
            limit=0.5,
        )
    )


def peers(b: Bench) -> None:
    _progress("lint 1 MB: dealcoach, check-jsonschema, yamllint")
    schema, how = playbook_schema(Path(b.dealcoach), b.work, b.env)
    b.notes.append(f"schema for check-jsonschema: {how}")
    one = str(b.one)
    cold_env, empty = b.cold("one")
    cmds = [
        Cmd("dealcoach lint 1 MB", [b.dealcoach, "lint", one], env=cold_env, before=empty),
        Cmd("yamllint 1 MB", [str(b.yamllint), one], ok=(0, 1)),
    ]
    if schema is not None:
        cmds.append(
            Cmd(
                "check-jsonschema 1 MB",
                [str(b.check_jsonschema), "--schemafile", str(schema), one],
            )
        )
    timed = b.time(cmds, b.slow_runs)
    b.lint_one, yl_one = timed[0], timed[1]
    cj_one = timed[2] if schema is not None else Timing(cmds[0], missing=how)
    b.add(
        ratio_row(
            "`dealcoach lint` 1 MB vs `check-jsonschema --schemafile`",
            b.lint_one,
            cj_one,
            ">= 15x faster",
            limit=15,
            faster=True,
        )
    )
    b.add(
        ratio_row(
            "`dealcoach lint` 1 MB vs `yamllint` (default config)",
            b.lint_one,
            yl_one,
            ">= 20x faster",
            limit=20,
            faster=True,
        )
    )


def folder(b: Bench) -> None:
    _progress("lint playbooks/")
    cold_env, empty = b.cold("folder")
    lint_dir, yl_dir = b.time(
        [
            Cmd(
                "dealcoach lint playbooks/",
                [b.dealcoach, "lint", "playbooks/"],
                cwd=REPO,
                env=cold_env,
                before=empty,
            ),
            Cmd("yamllint playbooks/", [str(b.yamllint), "playbooks/"], cwd=REPO, ok=(0, 1)),
        ]
    )
    b.add(
        ratio_row(
            "`dealcoach lint playbooks/` vs `yamllint playbooks/`",
            lint_dir,
            yl_dir,
            "<= 0.6x",
            limit=0.6,
        )
    )


def scale(b: Bench) -> None:
    _progress("lint 10 MB")
    ten_env, empty_ten = b.cold("ten")
    cmds = [
        Cmd(
            "dealcoach lint 10 MB", [b.dealcoach, "lint", str(b.ten)], env=ten_env, before=empty_ten
        )
    ]
    if b.lint_one is None:  # the peers were not run: time 1 MB here
        one_env, empty_one = b.cold("one")
        cmds.append(
            Cmd(
                "dealcoach lint 1 MB",
                [b.dealcoach, "lint", str(b.one)],
                env=one_env,
                before=empty_one,
            )
        )
    timed = b.time(cmds, b.slow_runs)
    lint_ten = timed[0]
    b.lint_one = b.lint_one or timed[1]
    b.add(ratio_row("lint time 10 MB / 1 MB", lint_ten, b.lint_one, "<= 10", limit=10))
    figure = "peak memory of lint on 10 MB (max RSS / file size)"
    if not lint_ten.max_rss_kb:
        b.add(Row(figure, lint_ten, None, None, "-", "<= 30x", None, "no runs"))
        return
    multiple = lint_ten.max_rss_kb * 1024 / b.ten.stat().st_size
    shown = f"{lint_ten.max_rss_kb / 1024:.0f} MiB = {multiple:.1f}x"
    b.add(Row(figure, lint_ten, None, multiple, shown, "<= 30x", multiple <= 30))


def _stores(b: Bench) -> dict[int, Path]:
    """Stores of 10,000 deals with 100,000 sessions and of 10 with 100 (made once)."""
    homes = {count: b.work / f"store-{count}" for count in (10_000, 10)}
    if not all((h / "deals.sqlite3").exists() for h in homes.values()):
        _progress("stores of 10,000 and 10 deals")
        started = time.perf_counter()
        for (count, home), sessions in zip(homes.items(), (100_000, 100), strict=True):
            home.mkdir(exist_ok=True)
            generate.make_store(home, count, sessions)
        _progress(f"stores made in {time.perf_counter() - started:.1f} s")
    return homes


def review(b: Bench) -> None:
    homes = _stores(b)
    _progress("review on 10,000 and on 10 deals")
    for fmt, label in (("json", "json"), ("text", "text")):
        argv = [b.dealcoach, "review", "--format", fmt]
        big, small = b.time(
            [
                Cmd(f"review {label}, 10,000 deals", argv, b.work,
                    env={"DEALCOACH_HOME": str(homes[10_000]), "COLUMNS": "100"}),
                Cmd(f"review {label}, 10 deals", argv, b.work,
                    env={"DEALCOACH_HOME": str(homes[10]), "COLUMNS": "100"}),
            ]
        )  # fmt: skip
        b.add(
            ratio_row(
                f"`dealcoach review --format {fmt}` 10,000 deals/100,000 sessions vs 10",
                big,
                small,
                "<= 3x",
                limit=3,
            )
        )


def crm(b: Bench) -> None:
    """A Salesforce report of 10,000 opportunities imported, against one of 100: each
    into an empty store (a fresh folder per run), in one transaction."""
    _progress("import of 10,000 and of 100 CRM rows")
    files = {n: generate.crm_export(b.work / f"opportunities-{n}.csv", n) for n in (10_000, 100)}
    cmds = [
        Cmd(
            f"import, {n:,} rows",
            ["/bin/sh", "-c", 'rm -rf "$1" && exec "$2" import "$3"', "sh",
             str(b.work / f"import-{n}"), b.dealcoach, str(files[n])],
            b.work,
            env={"DEALCOACH_HOME": str(b.work / f"import-{n}")},
        )
        for n in (10_000, 100)
    ]  # fmt: skip
    big, small = b.time(cmds)
    b.add(ratio_row("`dealcoach import` 10,000 rows vs 100", big, small, "<= 10x", limit=10))


def concurrency(b: Bench) -> None:
    """A team recording sessions at once: 8 processes of 25 sessions each, every one
    kept, on PostgreSQL against SQLite."""
    _progress("8 processes x 25 sessions, PostgreSQL and SQLite")
    home = b.work / "team-sqlite"
    sqlite_url = f"sqlite:///{home / 'deals.sqlite3'}"

    def fresh_sqlite() -> None:
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir()

    def writers(url: str) -> list[str]:
        script = str(Path(__file__).resolve().parent / "writers.py")
        return [str(b.python), script, url, "8", "25", str(ANSWERS)]

    runs = min(b.slow_runs, 3)
    sqlite_cmd = Cmd("8 x 25 sessions, SQLite", writers(sqlite_url), before=fresh_sqlite)
    figure = "8 processes x 25 sessions at once, PostgreSQL vs SQLite (none lost or refused)"
    if b.pg_missing:
        (lite,) = b.time([sqlite_cmd], runs)
        b.add(Row(figure, Timing(sqlite_cmd, missing=b.pg_missing), lite, None, "-",
                  "<= 1.5x", None, b.pg_missing))  # fmt: skip
        return
    url = _pg_database(b)
    pg, lite = b.time(
        [
            Cmd("8 x 25 sessions, PostgreSQL", writers(url), before=lambda: postgres.empty(url)),
            sqlite_cmd,
        ],
        runs,
    )
    b.add(ratio_row(figure, pg, lite, "<= 1.5x", limit=1.5))


def _pg_database(b: Bench) -> str:
    """A PostgreSQL database of the benchmark's own, dropped at its end."""
    url = postgres.create_database(b.pg_admin)
    b.cleanups.append(lambda: postgres.drop_database(b.pg_admin, url))
    return url


def deals(b: Bench) -> None:
    homes = _stores(b)
    _progress("deals --json")
    argv = [b.dealcoach, "deals", "--json"]
    big, small = b.time(
        [
            Cmd(
                "deals --json, 10,000 deals",
                argv,
                b.work,
                env={"DEALCOACH_HOME": str(homes[10_000])},
            ),
            Cmd("deals --json, 10 deals", argv, b.work, env={"DEALCOACH_HOME": str(homes[10])}),
        ]
    )
    b.add(
        ratio_row(
            "`dealcoach deals --json` 10,000 deals/100,000 sessions vs 10",
            big,
            small,
            "<= 3x",
            limit=3,
        )
    )
    listed = _deals_listed(b.dealcoach, {**b.env, "DEALCOACH_HOME": str(homes[10_000])})
    if listed != 10_000:
        b.notes.append(f"deals --json listed {listed} deals, not 10,000")
    figure = "`dealcoach deals --json` on PostgreSQL, 10,000 deals/100,000 sessions vs 10"
    if b.pg_missing:
        b.add(Row(figure, None, None, None, "-", "<= 3x", None, b.pg_missing))
        return
    _progress("deals --json on PostgreSQL (copying the stores)")
    urls = {}
    for count, home in homes.items():
        urls[count] = _pg_database(b)
        postgres.copy_store(home / "deals.sqlite3", urls[count])
    big, small = b.time(
        [
            Cmd(f"deals --json, {count:,} deals, PostgreSQL", argv, b.work,
                env={"DEALCOACH_DATABASE_URL": url})
            for count, url in urls.items()
        ]
    )  # fmt: skip
    b.add(ratio_row(figure, big, small, "<= 3x", limit=3))
    listed = _deals_listed(b.dealcoach, {**b.env, "DEALCOACH_DATABASE_URL": urls[10_000]})
    if listed != 10_000:
        b.notes.append(f"deals --json on PostgreSQL listed {listed} deals, not 10,000")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="fewer runs, a smoke test")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs")
    parser.add_argument("--bin", type=Path, default=None, help="folder of the entry points")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the table here")
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated groups of figures to run (default: all of {', '.join(GROUPS)})",
    )
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    bindir = args.bin or Path(sys.executable).parent
    # Measure what a user runs: byte-compiled modules (pip compiles them on install; an
    # editable install caches them on first run, unless PYTHONDONTWRITEBYTECODE says no),
    # no CI-specific output format, no colours.
    skip = (
        "GITHUB_ACTIONS",
        "FORCE_COLOR",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPROFILEIMPORTTIME",
        "DEALCOACH_NO_CACHE",
        "DEALCOACH_DATABASE_URL",
    )
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["NO_COLOR"] = "1"
    work = Path(tempfile.mkdtemp(prefix="dealcoach-bench-"))
    env["DEALCOACH_CACHE_DIR"] = str(work / "cache")  # the user's own cache is left alone
    b = Bench(
        python=Path(sys.executable),
        dealcoach=str(find_tool(bindir, "dealcoach")),
        check_jsonschema=find_tool(bindir, "check-jsonschema"),
        yamllint=find_tool(bindir, "yamllint"),
        work=work,
        env=env,
        runs=args.runs or (2 if args.quick else 7),
        slow_runs=args.runs or (1 if args.quick else 5),  # each peer run on 1 MB takes seconds
        warmup=0 if args.quick else 1,
        pg_admin=postgres.server_url(),
    )
    if {"concurrency", "deals"} & set(groups):
        b.pg_missing = postgres.reachable(b.pg_admin)
    _compile_dealcoach(b.python, env)
    _progress(f"inputs in {b.work}")
    try:
        for group in GROUPS:
            if group in groups:
                globals()[group](b)
        b.notes += _lint_check(b)
        for row in b.rows:
            for t in (row.a, row.b):
                if t is not None and t.unexpected:
                    b.notes.append(f"{t.cmd.label} exited with {sorted(t.unexpected)}")
        b.notes.insert(0, _inputs_note(b))
    finally:
        for cleanup in b.cleanups:
            cleanup()
        if args.keep:
            _progress(f"kept the inputs in {b.work}")
        else:
            shutil.rmtree(b.work, ignore_errors=True)
    text = report(b.rows, machine(), b.notes)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


def _inputs_note(b: Bench) -> str:
    sizes = [
        f"{path.stat().st_size:,} bytes ({_count(path, '      - id:'):,} questions)"
        for path in (b.work / "one-mb.yaml", b.work / "ten-mb.yaml")
        if path.exists()
    ]
    runs = f"runs: {b.runs} (start-up {b.runs * 3}), {b.slow_runs} for the 1 MB and 10 MB figures"
    warm = f", each after {b.warmup} warm-up run" if b.warmup else ""
    return f"generated playbooks: {' and '.join(sizes) or 'none'}; {runs}{warm}"


def _lint_check(b: Bench) -> list[str]:
    """The generated playbooks must lint clean, or the lint figures mean little."""
    notes = []
    for path in (b.work / "one-mb.yaml",):
        if not path.exists():
            continue
        done = subprocess.run(
            [b.dealcoach, "lint", str(path)], capture_output=True, text=True, env=b.env, check=False
        )
        if done.returncode != 0:
            notes.append(
                f"dealcoach lint {path.name} exited {done.returncode}: "
                f"{(done.stdout + done.stderr)[-300:]}"
            )
    return notes


def _deals_listed(dealcoach: str, env: dict[str, str]) -> int:
    done = subprocess.run(
        [dealcoach, "deals", "--json"], capture_output=True, text=True, env=env, check=False
    )
    try:
        return len(json.loads(done.stdout)["deals"])
    except (ValueError, KeyError, TypeError):
        return -1


def _count(path: Path, prefix: str) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.startswith(prefix))


def report(rows: Sequence[Row], info: dict[str, str], notes: Sequence[str]) -> str:
    lines = [
        "| figure | dealcoach | compared with | ratio | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        verdict = "n/a" if row.passed is None else ("PASS" if row.passed else "**MISS**")
        other = fmt_time(row.b) if row.b is not None else ""
        if row.b is not None and row.b.median is not None:
            other = f"{row.b.cmd.label}: {other}"
        shown = row.shown if row.passed is not None else f"- ({row.note})"
        lines.append(
            f"| {row.figure} | {fmt_time(row.a)} | {other} | {shown} | {row.target} | {verdict} |"
        )
    missed = [r.figure for r in rows if r.passed is False]
    unmeasured = [r.figure for r in rows if r.passed is None]
    lines += [
        "",
        f"Machine: {info['cpus']} vCPU ({info['cpu']}), {info['python']}, {info['platform']}; "
        f"{info['date']}.",
        f"Packages: {info['packages']}.",
        "",
        *(f"- {note}" for note in notes),
        "",
        f"{sum(1 for r in rows if r.passed)} of {len(rows)} figures at target"
        + (f"; MISS: {'; '.join(missed)}" if missed else "")
        + (f"; not measured: {'; '.join(unmeasured)}" if unmeasured else "")
        + ".",
    ]
    return "\n".join(lines)


def _progress(message: str) -> None:
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
