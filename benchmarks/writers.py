"""Several processes recording sessions at once, as a team does on one store.

    python benchmarks/writers.py URL PROCESSES SESSIONS ANSWERS_FILE

Each process records SESSIONS `qualify` sessions of its own deal through the console
script's own dispatch (its start-up paid once, so that the figure is the store's).
Exit 0 only when every process succeeded and the store then holds PROCESSES x SESSIONS
sessions: none lost, none refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WRITER = """
import os, sys
from dealcoach.cli.main import dispatch

deal, count, answers = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.stdout = open(os.devnull, "w")
for _ in range(count):
    code = dispatch(["qualify", deal, "--answers", answers, "--json"])
    if code != 0:
        sys.exit(code)
"""


def main(argv: list[str]) -> int:
    url, processes, sessions, answers = argv[0], int(argv[1]), int(argv[2]), argv[3]
    env = {**os.environ, "DEALCOACH_DATABASE_URL": url, "DEALCOACH_USER": "sam"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, f"Team deal {n}", str(sessions), answers],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    failed = 0
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            failed += 1
            sys.stderr.write(err)
    stored = _sessions(url)
    if failed or stored != processes * sessions:
        sys.stderr.write(f"{failed} writers failed; {stored} sessions stored\n")
        return 1
    return 0


def _sessions(url: str) -> int:
    from dealcoach.adapters.stores import location, open_deal_store

    store = open_deal_store(location(url, Path.home, Path.cwd()), user="sam", write=False)
    try:
        return sum(len(store.sessions(d.key)) for d in store.deals())
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
