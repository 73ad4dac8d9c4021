"""A built wheel carries the shipped playbooks: `pip install` it and qualify from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED, cli_env


def run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def build_wheel(outdir: Path) -> Path:
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(REPO)]
    result = run(command)
    if result.returncode != 0:  # offline: build with the hatchling of this environment
        result = run([*command, "--no-isolation"])
    assert result.returncode == 0, result.stdout + result.stderr
    [wheel] = outdir.glob("dealcoach-*.whl")
    return wheel


@pytest.mark.heavy
def test_wheel_ships_the_playbooks_and_finds_them_by_id(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for playbook in SHIPPED.glob("*.yaml"):
        assert f"dealcoach/playbooks/{playbook.name}" in names

    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    install = run([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    assert install.returncode == 0, install.stdout + install.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "answers.yaml").write_text("pain_confirmed: own_words\nicp_fit: strong\n")
    env = cli_env(tmp_path / "home")
    env.pop("PYTHONPATH", None)
    dealcoach = str(bindir / "dealcoach")

    result = run(
        [dealcoach, "qualify", "X", "--answers", "answers.yaml", "--json"], cwd=elsewhere, env=env
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["playbook"]["id"] == "customer-first"
    assert data["deal"] == {"key": "x", "name": "X"}

    listed = run([dealcoach, "playbooks", "--json"], cwd=elsewhere, env=env)
    assert listed.returncode == 0, listed.stderr
    found = {p["id"]: p for p in json.loads(listed.stdout)["playbooks"]}
    assert {"customer-first", "meddicc"} <= set(found)
    # Found inside the installed package, not in this checkout.
    assert Path(found["customer-first"]["path"]).resolve().is_relative_to(venv.resolve())
