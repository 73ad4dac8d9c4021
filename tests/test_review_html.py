"""The HTML review in a real browser: Debian's Chromium driven by Playwright, with no
browser download. The page loads with no network request and no console error, its
charts have a size, user text stays text, and it reads with JavaScript off, on a
phone and printed. A screenshot is kept in test-artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Clock, RunCli

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HOSTILE = "Evil <script>alert('x')</script> & Co"


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "no chromium on this machine (CI installs Debian's: apt-get install chromium)"
        if os.environ.get("DEALCOACH_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page_file(run_cli: RunCli, tmp_path: Path, clock: Clock) -> Path:
    """A review of a few deals with a history, one with a hostile name, as HTML."""
    files = {
        "weak.yaml": "pain_confirmed: own_words\npain_owner: {answer: met, evidence: assumed}\n",
        "strong.yaml": "pain_confirmed: own_words\npain_owner: met\nicp_fit: {answer: strong}\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    clock.at("2026-11-01T09:00:00")
    for deal in ("Acme Corp", HOSTILE, "Globex"):
        assert run_cli("qualify", deal, "--answers", "weak.yaml").returncode == 0
    for days in (3, 4, 5):
        clock.advance(days=days)
        assert run_cli("next-step", "Acme Corp", "--answers", "strong.yaml").returncode == 0
        assert run_cli("next-step", HOSTILE, "--answers", "weak.yaml").returncode == 0
    assert (
        run_cli("update", HOSTILE, "--amount", "5000", "--close-date", "2026-11-20").returncode == 0
    )
    out = tmp_path / "review.html"
    done = run_cli("review", "--format", "html", "--output", str(out), "--since", "2026-11-05")
    assert done.returncode == 0, done.stderr
    return out


def test_the_page_in_a_real_browser(browser: Any, page_file: Path) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    assert requests == [page_file.as_uri()]  # the file itself, and nothing else
    assert problems == []
    charts = page.locator("svg.pygal-chart")
    assert charts.count() >= 2  # the posture and the deals' scores over time
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
    assert page.get_by_text(HOSTILE).count() >= 1  # shown as text...
    assert page.locator("body script:not(svg script)").count() == 0  # ...never run as markup
    assert "Close date soon: 2026-11-20 is in 7 days" in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    context.close()


def test_it_reads_with_javascript_off_on_a_phone_and_printed(browser: Any, page_file: Path) -> None:
    phone = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = phone.new_page()
    page.goto(page_file.as_uri())
    text = page.inner_text("body")
    for heading in ("Posture", "What moved since 2026-11-05", "At risk", "Evidence", "Deals"):
        assert heading in text
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1  # no sideways scrolling of the page (wide tables scroll inside)
    page.emulate_media(media="print")
    assert len(page.pdf()) > 10_000
    phone.close()
