"""Plain records validated by the compiled schema: the same verdicts as the pydantic
models they come from, read-only values, and no pydantic in a command's process."""

from __future__ import annotations

import copy
import os
import pickle
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from dealcoach.core import format as fmt
from dealcoach.core._base import Record
from dealcoach.core.models import Playbook, Warnings
from dealcoach.core.schema_compiler import COMPILED, compiled_source
from dealcoach.core.validation import validate_answers_file, validate_playbook
from tests.conftest import REPO

SHIPPED = REPO / "playbooks" / "customer-first.yaml"
MODELS = [
    m
    for m in vars(fmt).values()
    if isinstance(m, type) and issubclass(m, fmt._Model) and m is not fmt._Model
]


def test_the_compiled_schema_is_current() -> None:
    """After a change to core/format.py, or to the pydantic that the `dev` extra pins:
    `python -m dealcoach.core.schema_compiler`. (A user's install with another pydantic
    still validates alike: the next test.)"""
    import pydantic_core

    from dealcoach.core import _compiled_schema

    assert pydantic_core.__version__ == _compiled_schema.PYDANTIC_CORE, (
        f"core/_compiled_schema.py is written for pydantic_core "
        f"{_compiled_schema.PYDANTIC_CORE}, and {pydantic_core.__version__} is installed: "
        "pin the pydantic of the `dev` extra to the one you test with, then "
        "`python -m dealcoach.core.schema_compiler`"
    )
    assert COMPILED.read_text(encoding="utf-8") == compiled_source()


def test_another_pydantic_core_gets_the_models_compiled_at_run_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dealcoach.core import _compiled_schema, validation

    monkeypatch.setattr(_compiled_schema, "PYDANTIC_CORE", "0.0.0")
    for cached in (validation._schemas, validation._validator):
        cached.cache_clear()
    try:
        playbook = validate_playbook(copy.deepcopy(BASE))
        assert validation._schemas() is not vars(_compiled_schema)
        assert playbook == fresh_playbook()
        assert validation.playbook_keys() == frozenset(_compiled_schema.PLAYBOOK_KEYS)
        with pytest.raises(ValidationError):
            validate_playbook({**BASE, "dealcoach": 2})
        with pytest.raises(ValidationError):
            validate_answers_file({"a": ["x", b"y"]})
    finally:
        for cached in (validation._schemas, validation._validator):
            cached.cache_clear()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_record_mirrors_its_model(model: type[BaseModel]) -> None:
    import dealcoach.core.answer
    import dealcoach.core.condition_models
    import dealcoach.core.models

    modules = (dealcoach.core.models, dealcoach.core.condition_models, dealcoach.core.answer)
    record = next(getattr(m, model.__name__) for m in modules if hasattr(m, model.__name__))
    assert record._fields == tuple(model.model_fields)
    hints = typing.get_type_hints(model)
    assert {n: _shape(t) for n, t in typing.get_type_hints(record).items() if n[0] != "_"} == {
        n: _shape(hints[n]) for n in model.model_fields
    }
    for name, info in model.model_fields.items():
        plain_default = not info.is_required() and info.default_factory is None
        assert hasattr(record, name) == plain_default, name
        if plain_default:
            assert getattr(record, name) == info.default, name


def _members(tp: Any) -> list[Any]:
    """The types of a union, nested unions (and their metadata) unwrapped."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(tp) for m in _members(arg)]
    return [tp]


def _shape(tp: Any) -> str:
    """A type as text, without its constraints: a model's and its record's agree."""
    if typing.get_origin(tp) is typing.Annotated:
        return _shape(typing.get_args(tp)[0])
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(sorted({_shape(m) for m in _members(tp)}))
    if origin is not None:
        args = ", ".join(_shape(a) for a in typing.get_args(tp))
        return f"{getattr(origin, '__name__', repr(origin))}[{args}]"
    return tp.__name__ if isinstance(tp, type) else repr(tp)


def _plain(value: Any) -> Any:
    """A record's or a model's fields as nested builtins, to compare the two."""
    if isinstance(value, Record):
        return {n: _plain(getattr(value, n)) for n in value._fields}
    if isinstance(value, BaseModel):
        return {n: _plain(getattr(value, n)) for n in type(value).model_fields}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _outcome(validate: Any, data: Any) -> Any:
    try:
        return ("valid", _plain(validate(data)))
    except ValidationError as exc:
        return ("invalid", exc.errors(include_url=False, include_context=False))


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


BASE = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def fresh_playbook() -> Playbook:
    return validate_playbook(copy.deepcopy(BASE))


PATHS = _paths(BASE)[1:]
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.just([]),
    st.just({}),
    st.just("always"),
    st.just({"answer": "x", "is": "y", "in": ["y"]}),
    st.just({"score": {"below": 1, "at_least": 2}}),
    st.just({"nonsense": 1}),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), JUNK), max_size=3))
def test_the_records_get_the_models_verdicts(changes: list[tuple[Any, Any]]) -> None:
    """Any playbook, however broken: the same errors (type, place, message) from the
    compiled schema as from the pydantic models, and the same values when valid."""
    data = copy.deepcopy(BASE)
    for path, junk in changes:
        target = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place
    expected = _outcome(fmt.Playbook.model_validate, data)
    assert _outcome(validate_playbook, data) == expected


@pytest.mark.parametrize(
    "data",
    [
        {"a": "yes", "b": ["x", "y"], "c": {"answer": "x", "evidence": "assumed"}},
        {"a": 3},
        {"a": {"answer": "x", "evidence": "maybe"}},
        {"a": {"answer": "x", "extra": 1}},
        [],
        {"a": ["x", b"y"]},  # strict: bytes are not text, anywhere in the file
        {"a": b"x"},
        {"a": {"answer": b"x"}},
    ],
)
def test_answers_files_get_the_models_verdicts(data: Any) -> None:
    from pydantic import TypeAdapter

    model = TypeAdapter(fmt.AnswersFile, config={"strict": True})
    assert _outcome(validate_answers_file, data) == _outcome(model.validate_python, data)


def test_a_record_is_a_read_only_value() -> None:
    playbook = validate_playbook(copy.deepcopy(BASE))
    again = validate_playbook(copy.deepcopy(BASE))
    assert playbook == again and playbook is not again
    band = playbook.bands[0]
    assert hash(band) == hash(validate_playbook(copy.deepcopy(BASE)).bands[0])
    assert repr(band).startswith(f"Band(id={band.id!r}, min=")
    with pytest.raises(AttributeError, match="read-only"):
        band.label = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        del band.label  # type: ignore[misc]
    assert band != playbook.bands[1] and band != "discover"
    restored = pickle.loads(pickle.dumps(playbook))
    assert restored == playbook and restored.questions == playbook.questions


def test_a_record_made_by_hand_takes_its_defaults() -> None:
    assert Warnings() == validate_playbook(copy.deepcopy(BASE)).warnings
    with pytest.raises(TypeError, match="unknown fields"):
        Warnings(quiet=3)
    with pytest.raises(TypeError, match="missing field 'dealcoach'"):
        Playbook()


_NO_PYDANTIC = """
import sys
from dealcoach.cli.main import dispatch
code = dispatch(sys.argv[1:])
loaded = sorted({"pydantic", "pydantic_core", "pydantic_core.core_schema"} & set(sys.modules))
sys.stderr.write(f"\\nexit {code}; loaded {loaded}\\n")
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", str(SHIPPED)],
        ["lint", str(REPO / "tests" / "lint_cases")],
        ["qualify", "Acme Corp", "--answers", str(REPO / "examples" / "acme-first-call.yaml")],
        ["show", "Acme Corp"],
    ],
    ids=["lint", "lint-bad-files", "qualify", "show"],
)
def test_a_command_runs_without_pydantic(argv: list[str], tmp_path: Path) -> None:
    """Validation runs the compiled schema on pydantic_core's compiled module: neither
    pydantic nor the Python package around that module is imported (no cache, so every
    playbook is parsed and validated)."""
    env = {
        **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
        "PATH": "/usr/bin:/bin",
        "DEALCOACH_HOME": str(tmp_path),
        "DEALCOACH_USER": "sam",
        "DEALCOACH_NO_CACHE": "1",
    }
    qualify = ["qualify", "Acme Corp", "--answers", str(REPO / "examples" / "acme-first-call.yaml")]
    if argv[0] == "show":
        subprocess.run([sys.executable, "-c", _NO_PYDANTIC, *qualify], env=env, check=True)
    done = subprocess.run(
        [sys.executable, "-c", _NO_PYDANTIC, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("exit "), done.stderr
    assert last.endswith("loaded []"), done.stderr


_ALONE_THEN_PYDANTIC = """
import sys
from dealcoach.core.validation import core, validate_playbook, validation_error
alone = core()
assert "pydantic_core" not in sys.modules, "loaded alone"
try:
    validate_playbook({"dealcoach": 2})
except validation_error() as exc:
    errors = exc.errors(include_url=False)
import pydantic
from pydantic_core import _pydantic_core
assert _pydantic_core is alone
assert pydantic.ValidationError is validation_error()
assert pydantic.TypeAdapter(int).validate_python(3) == 3
print(len(errors))
"""


def test_the_compiled_module_loaded_alone_is_the_one_pydantic_uses() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ALONE_THEN_PYDANTIC], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 3


def test_without_a_compiled_module_to_load_alone_the_package_is_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A layout this loader does not know (the module elsewhere, a zip): the ordinary
    import, and the same validation."""
    from dealcoach.core import validation

    def unknown(name: str) -> None:
        raise OSError("unexpected layout")

    monkeypatch.delitem(sys.modules, "pydantic_core._pydantic_core")
    monkeypatch.setattr(validation, "_load_alone", unknown)
    validation.core.cache_clear()
    try:
        assert validation.core() is sys.modules["pydantic_core._pydantic_core"]
    finally:
        validation.core.cache_clear()
