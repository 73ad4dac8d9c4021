"""The console script. ``--version`` is answered before anything heavy is imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from dealcoach import __version__

        sys.stdout.write(f"dealcoach {__version__}\n")
        return
    from dealcoach.cli import run

    sys.exit(run())
