"""The CRM round trip on both stores: exports shaped like the real ones (a byte-order
mark, US dates, currency amounts, semicolons, accents, a name with a comma), imports
that are idempotent and all-or-nothing, and an export that reads back whole."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealcoach.core.crm_export import export_csv, guarded
from dealcoach.core.crm_import import read_crm
from dealcoach.core.figures import Figures
from dealcoach.core.records import Deal, Session, SessionFacts
from tests.conftest import Clock, RunCli, refused, succeeds
from tests.records import new_session

FIXTURES = Path(__file__).parent / "crm"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'home' / 'deals.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(params=["sqlite", "postgresql"])
def crm(request: pytest.FixtureRequest, run_cli: RunCli) -> RunCli:
    env = {"DEALCOACH_USER": "postgres"}
    if request.param == "postgresql":
        env["DEALCOACH_DATABASE_URL"] = str(request.getfixturevalue("pg_url"))

    def run(*args: str) -> object:
        return run_cli(*args, env=env)

    return run  # type: ignore[return-value]


def deals(crm: RunCli) -> dict[str, dict[str, object]]:
    return {d["key"]: d for d in json.loads(succeeds(crm, "deals", "--all", "--json"))["deals"]}


def test_a_salesforce_report_with_its_quirks(crm: RunCli) -> None:
    report = str(FIXTURES / "salesforce-report.csv")
    assert succeeds(crm, "import", report) == "created 3, updated 0, unchanged 0\n"
    found = deals(crm)
    acme = found["acme-inc-renewal"]
    assert {k: acme[k] for k in ("name", "owner", "stage", "amount", "close_date", "crm_id",
                                 "status", "score", "band")} == {
        "name": "Acme, Inc. renewal", "owner": "José Álvarez", "stage": "Negotiation/Review",
        "amount": 120000.0, "close_date": "2026-12-31", "crm_id": "0065g00000AbCdE",
        "status": "open", "score": None, "band": None,
    }  # fmt: skip
    assert (found["globex-expansion"]["status"], found["globex-expansion"]["amount"]) == (
        "won", 80000.0,
    )  # fmt: skip
    initech = found["initech-pilot"]
    assert (initech["amount"], initech["close_date"]) == (None, None)  # empty cells: unset
    # The same file again changes nothing; the API names update the same records.
    assert succeeds(crm, "import", report) == "created 0, updated 0, unchanged 3\n"
    assert succeeds(crm, "import", str(FIXTURES / "salesforce-api.csv")) == (
        "created 1, updated 1, unchanged 0\n"
    )
    after = deals(crm)
    assert after["acme-inc-renewal"]["owner"] == "005A0000001xyz"
    assert after["hooli-search"]["status"] == "lost" and after["hooli-search"]["amount"] == 15000.5
    history = json.loads(succeeds(crm, "show", "Acme, Inc. renewal", "--json"))["changes"]
    assert [c["kind"] for c in history] == ["import", "import"]
    assert history[1]["changes"] == {"owner": {"from": "José Álvarez", "to": "005A0000001xyz"}}
    assert "from the CRM: owner José Álvarez -> 005A0000001xyz" in succeeds(
        crm, "show", "Acme, Inc. renewal"
    )


def test_hubspot_exports_labels_and_internal_names(crm: RunCli, tmp_path: Path) -> None:
    (tmp_path / "owners.yaml").write_text("Zoë Müller: zoe\n'81234567': zoe\n", encoding="utf-8")
    export = str(FIXTURES / "hubspot-export.csv")
    assert (
        succeeds(crm, "import", export, "--owners", "owners.yaml")
        == "created 2, updated 0, unchanged 0\n"
    )
    found = deals(crm)
    umbrella = found["umbrella-europe"]
    assert (umbrella["owner"], umbrella["amount"], umbrella["close_date"]) == (
        "zoe", 12500.0, "2026-12-31",
    )  # fmt: skip
    assert (found["stark-rollout"]["status"], found["stark-rollout"]["amount"]) == ("lost", 3000.0)
    internal = str(FIXTURES / "hubspot-internal.csv")
    assert succeeds(crm, "import", internal, "--from", "hubspot", "--owners", "owners.yaml") == (
        "created 1, updated 1, unchanged 0\n"
    )
    after = deals(crm)
    assert after["umbrella-europe"]["stage"] == "contractsent"
    assert (after["wayne-upgrade"]["amount"], after["wayne-upgrade"]["status"]) == (1e6, "won")


def test_a_dry_run_writes_nothing(crm: RunCli) -> None:
    report = str(FIXTURES / "salesforce-report.csv")
    assert succeeds(crm, "import", report, "--dry-run") == (
        "would have created 3, updated 0, unchanged 0 (a dry run: nothing was written)\n"
    )
    assert deals(crm) == {}


def test_two_records_never_merge(crm: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    succeeds(crm, "qualify", "Acme", "--answers", "a.yaml")  # qualified before it was imported
    (tmp_path / "twins.csv").write_text(
        "Id,Name\n006A,Acme\n006B,Acme\n006C,ACME!\n", encoding="utf-8"
    )
    assert succeeds(crm, "import", "twins.csv") == "created 2, updated 1, unchanged 0\n"
    found = deals(crm)
    assert {k: found[k]["crm_id"] for k in found} == {
        "acme": "006A", "acme-006b": "006B", "acme-006c": "006C",
    }  # fmt: skip
    assert found["acme"]["score"] is not None  # the record is the deal qualified before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("Id,Name,CloseDate\n006A,Acme,2026-12-31\n006B,Globex,31/12/2026\n",
         "bad.csv:3: column 'CloseDate': '31/12/2026' is not a date (YYYY-MM-DD or M/D/YYYY)"),
        ("Id,Name,Amount\n006A,Acme,12k\n", "bad.csv:2: column 'Amount': '12k' is not an amount"),
        ("Id,Name,Amount\n006A,Acme,\"1,234,56\"\n", "bad.csv:2: column 'Amount': '1,234,56'"),
        ("Id,Name,Amount\n006A,Acme," + "9" * 400 + "\n", "bad.csv:2: column 'Amount':"),
        ("Id,Name\n006A,!!!\n", "bad.csv:2: '!!!': a deal name needs at least one letter"),
        ("Id,Name\n006A,Ac\x00me\n", "bad.csv:2: column 'Name': holds a NUL byte"),
        ("Id,Name\n006A,Acme\n006A,Acme again\n",
         "bad.csv:3: the CRM id '006A' is on line 2 too"),
        ('Id,Name\n006A,"Acme\n', "bad.csv:2: is not valid CSV"),
        ("Id,Name\n,Acme\n", "bad.csv:2: column 'Id': the record has no id"),
        ("Deal,Value\nAcme,5\n", "bad.csv:1: the header has no id and name columns"),
        ("", "bad.csv: is empty"),
    ],
)  # fmt: skip
def test_a_bad_file_imports_nothing(crm: RunCli, tmp_path: Path, content: str, said: str) -> None:
    (tmp_path / "bad.csv").write_text(content, encoding="utf-8")
    assert refused(crm, "import", "bad.csv").startswith(said)
    assert deals(crm) == {}


def test_other_bad_input(crm: RunCli, tmp_path: Path) -> None:
    assert "no-such.csv: cannot be read" in refused(crm, "import", "no-such.csv")
    assert "--from 'pipedrive': use salesforce or hubspot" in refused(
        crm, "import", str(FIXTURES / "hubspot-export.csv"), "--from", "pipedrive"
    )
    assert "a hubspot export" in refused(
        crm, "import", str(FIXTURES / "salesforce-api.csv"), "--from", "hubspot"
    )
    (tmp_path / "owners.yaml").write_text("- dana\n", encoding="utf-8")
    assert "--owners needs a YAML mapping" in refused(
        crm, "import", str(FIXTURES / "hubspot-export.csv"), "--owners", "owners.yaml"
    )
    assert "--to 'excel'" in refused(crm, "export", "--to", "excel")


def test_windows_1252_is_read_with_a_note(crm: RunCli, tmp_path: Path) -> None:
    (tmp_path / "legacy.csv").write_bytes("Id,Name\n006A,Café Münster\n".encode("cp1252"))
    done = crm("import", "legacy.csv")
    assert done.returncode == 0 and "is not UTF-8; read it as Windows-1252" in done.stderr
    assert deals(crm)["café-münster"]["name"] == "Café Münster"


def test_export_reads_back_whole_and_guards_formulas(
    crm: RunCli, tmp_path: Path, clock: Clock
) -> None:
    (tmp_path / "a.yaml").write_text("pain_confirmed: own_words\n", encoding="utf-8")
    (tmp_path / "in.csv").write_text("Id,Name\n=HYPERLINK(1),Acme\n006B,Globex\n", encoding="utf-8")
    succeeds(crm, "import", "in.csv")
    succeeds(crm, "qualify", "Acme", "--answers", "a.yaml")
    rows = list(csv.reader(io.StringIO(succeeds(crm, "export"))))
    assert rows[0][0] == "Id" and rows[0][1] == "Dealcoach_Score__c"
    acme = next(r for r in rows if r[0].startswith("'"))
    assert acme[0] == "'=HYPERLINK(1)"  # a formula is shown as text in Excel
    assert acme[2] == "Keep discovering" and acme[4].startswith("Here's what I'd like")
    assert acme[1] == "8.7" and acme[5] == "8.7" and acme[6] == "8.7"
    assert acme[7] == "2026-11-02"  # the last session's day (the tests' clock)
    hub = list(csv.reader(io.StringIO(succeeds(crm, "export", "--to", "hubspot"))))
    assert hub[0][:2] == ["Record ID", "dealcoach_score"]
    done = crm("export", "--output", "out.csv")
    assert done.returncode == 0 and "wrote 2 deals to out.csv" in done.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("Id,")


_letters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
_text = st.text(_letters | st.sampled_from(",;\"\n'=+-@"), min_size=1, max_size=30).filter(
    lambda t: " ".join(t.split())
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            _text,  # name
            _text,  # owner
            st.one_of(st.none(), st.integers(0, 10**9).map(lambda n: n / 100)),
            st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
        ),
        min_size=1,
        max_size=8,
    ),
    delimiter=st.sampled_from([",", ";"]),
)
def test_random_rows_survive_the_round_trip(
    rows: list[tuple[str, str, float | None, str | None]], delimiter: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Id", "Name", "Owner Name", "Amount", "CloseDate"])
    for n, (name, owner, amount, day) in enumerate(rows):
        writer.writerow(
            [f"006{n}", name, owner, "" if amount is None else f"{amount:.2f}", day or ""]
        )
    read = read_crm("random.csv", out.getvalue().encode("utf-8"), "salesforce")
    assert [(r.crm_id, r.name, r.owner, r.amount, r.close_date) for r in read.rows] == [
        (f"006{n}", " ".join(name.split()), " ".join(owner.split()), amount, day)
        for n, (name, owner, amount, day) in enumerate(rows)
    ]


@given(say=_text, title=_text)
def test_any_next_step_text_reads_back_from_the_export(say: str, title: str) -> None:
    deal = Deal("acme", "Acme", "customer-first", None, "2026-01-01T00:00:00+00:00", "sam",
                crm_id="006A")  # fmt: skip
    session = new_session(40)
    facts = {f.name: getattr(session, f.name) for f in fields(SessionFacts)}
    facts["next_step_title"] = title
    stored = Session(**facts, id=1, deal_key="acme", created_at="2026-11-02T09:30:00+00:00",
                     figures=Figures(40, "b", "B", ()), say=say)  # fmt: skip
    [_, row] = list(csv.reader(io.StringIO(export_csv("salesforce", [(deal, stored)]))))
    assert (row[3], row[4]) == (guarded(title), guarded(say))
    assert not row[4].startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("0.125", 0.125), ("$1,234.5678", 1234.5678), ("EUR 12.500,00", 12500.0),
     ("€3.000", 3000.0), ("1,000,000", 1e6), ("USD 80,000", 80000.0), ("1,5", 1.5)],
)  # fmt: skip
def test_amounts_as_crms_write_them(cell: str, amount: float) -> None:
    read = read_crm("a.csv", f'Id,Name,Amount\n1,A,"{cell}"\n'.encode(), None)
    assert read.rows[0].amount == amount


def test_an_import_never_undoes_a_write_made_meanwhile(
    run_cli: RunCli, run_process: Any, tmp_path: Path, store_url: str
) -> None:
    """An update that comes while an import is planning waits for it, then applies."""
    import threading

    from dealcoach.adapters.stores import location, open_deal_store
    from dealcoach.core import crm_sync

    env = {"DEALCOACH_DATABASE_URL": store_url, "DEALCOACH_USER": "postgres"}
    (tmp_path / "in.csv").write_text("Id,Name,Amount\nACME,Acme,200\n", encoding="utf-8")
    assert run_cli("import", "in.csv", env=env).returncode == 0
    (tmp_path / "in.csv").write_text("Id,Name,Amount\nACME,Acme,300\n", encoding="utf-8")
    store = open_deal_store(location(store_url, Path.home, tmp_path), user="postgres")
    results: list[Any] = []
    try:
        with store.import_write() as write:
            read = read_crm("in.csv", (tmp_path / "in.csv").read_bytes(), None)
            planned = crm_sync.plan(store, "in.csv", read, write.deals)
            racer = threading.Thread(
                target=lambda: results.append(
                    run_process("update", "Acme", "--stage", "Negotiation", env=env)
                )
            )
            racer.start()
            racer.join(1.5)
            assert racer.is_alive()  # the update waits for the import
            write.apply(planned.created, planned.updated)
    finally:
        store.close()
    racer.join(60)
    assert results and results[0].returncode == 0, results[0].stderr
    acme = json.loads(run_cli("show", "Acme", "--json", env=env).stdout)["deal"]
    assert (acme["amount"], acme["stage"]) == (300.0, "Negotiation")  # both kept
