"""refbridge.registry: the Registry of formats and transforms, Option.coerce, resolve_options."""

from __future__ import annotations

from typing import Any

import pytest

from refbridge.errors import ConfigError
from refbridge.registry import Format, Option, Registry, Transform, resolve_options


def _step_factory(context: object) -> Any:
    return lambda record: record


# -- Registry ----------------------------------------------------------------------------------


def test_add_stamps_the_plugin_and_get_finds_by_name() -> None:
    registry: Registry[Format] = Registry("format")
    registry.current_plugin = "first-plugin"
    registry.add(Format("zeta", "Z files", extensions=(".z",)))
    registry.current_plugin = "second-plugin"
    registry.add(Format("alpha", "A files", plugin="ignored: the registry stamps its own"))
    zeta, alpha = registry.get("zeta"), registry.get("alpha")
    assert zeta is not None and alpha is not None
    assert (zeta.plugin, alpha.plugin) == ("first-plugin", "second-plugin")
    assert zeta.extensions == (".z",)
    assert registry.get("beta") is None
    assert registry.names() == ["alpha", "zeta"]  # sorted
    assert [f.name for f in registry] == ["zeta", "alpha"]  # in the order added
    assert len(registry) == 2


def test_a_name_registered_twice_is_an_error_naming_both_plugins() -> None:
    registry: Registry[Transform] = Registry("transform")
    registry.current_plugin = "pages"
    registry.add(Transform("pages", "Pages", _step_factory))
    registry.current_plugin = "my-pages"
    with pytest.raises(ConfigError) as caught:
        registry.add(Transform("pages", "Other pages", _step_factory))
    assert str(caught.value) == "transform 'pages' registered twice (by 'pages' and 'my-pages')"
    kept = registry.get("pages")
    assert kept is not None and (kept.description, kept.plugin) == ("Pages", "pages")
    assert len(registry) == 1


def test_an_empty_registry() -> None:
    registry: Registry[Format] = Registry("format")
    assert (len(registry), list(registry), registry.names(), registry.get("x")) == (0, [], [], None)


# -- Option.coerce, type by type ---------------------------------------------------------------

FLAG = Option("flag", bool, False, "a switch")
COUNT = Option("count", int, 3, "a number")
RATIO = Option("ratio", float, 0.5, "a fraction")
LABEL = Option("label", str, "x", "some text")
NAMES = Option("names", list, ["a"], "some names")
NEWLINE = Option("newline", str, "lf", "line ends", choices=("lf", "crlf"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True), (False, False),
        ("true", True), ("TRUE", True), ("yes", True), ("on", True), ("1", True), (" True ", True),
        ("false", False), ("No", False), ("off", False), ("0", False), ("\tfalse\n", False),
    ],
)  # fmt: skip
def test_bool_values(value: object, expected: bool) -> None:
    assert FLAG.coerce(value, "t.flag") is expected


@pytest.mark.parametrize("value", ["maybe", "", "2", "truthy", 1, 0, 1.0, None, ["true"]])
def test_bool_refuses_anything_else(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        FLAG.coerce(value, "t.flag")
    assert str(caught.value) == f"t.flag: expected true or false, got {value!r}"


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (" 7 ", 7), ("-3", -3), (12, 12), ("0", 0)])
def test_int_values(value: object, expected: int) -> None:
    result = COUNT.coerce(value, "t.count")
    assert (result, type(result)) == (expected, int)


@pytest.mark.parametrize("value", ["1.5", "twelve", "", 2.5, 2.0, True, False, None, [1]])
def test_int_refuses_anything_else(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        COUNT.coerce(value, "t.count")
    assert str(caught.value) == f"t.count: expected int, got {value!r}"


@pytest.mark.parametrize(("value", "expected"), [("2.5", 2.5), (" 1e3 ", 1000.0), (3, 3.0), (0.25, 0.25)])
def test_float_values(value: object, expected: float) -> None:
    result = RATIO.coerce(value, "t.ratio")
    assert (result, type(result)) == (expected, float)


@pytest.mark.parametrize("value", ["half", "", True, None, [0.5]])
def test_float_refuses_anything_else(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        RATIO.coerce(value, "t.ratio")
    assert str(caught.value) == f"t.ratio: expected float, got {value!r}"


@pytest.mark.parametrize("value", ["text", "", " spaced ", "{author}{year}"])
def test_str_values_are_kept_as_given(value: str) -> None:
    assert LABEL.coerce(value, "t.label") == value


@pytest.mark.parametrize("value", [5, 2.5, True, None, ["a"]])
def test_str_refuses_other_types(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        LABEL.coerce(value, "t.label")
    assert str(caught.value) == f"t.label: expected a string, got {value!r}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.csv, b.csv", ["a.csv", "b.csv"]),
        ("a.csv,,b.csv,", ["a.csv", "b.csv"]),
        ("one", ["one"]),
        ("", []),
        (["x", "y z"], ["x", "y z"]),
        (("x",), ["x"]),
        ([], []),
    ],
)
def test_list_values(value: object, expected: list[str]) -> None:
    assert NAMES.coerce(value, "t.names") == expected


@pytest.mark.parametrize("value", [[1, 2], ["a", None], 5, True, None])
def test_list_refuses_anything_but_strings(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        NAMES.coerce(value, "t.names")
    assert str(caught.value) == f"t.names: expected a list of strings, got {value!r}"


def test_choices() -> None:
    assert (NEWLINE.coerce("lf", "ris.newline"), NEWLINE.coerce("crlf", "ris.newline")) == ("lf", "crlf")
    for value in ("cr", "LF", " lf", ""):
        with pytest.raises(ConfigError) as caught:
            NEWLINE.coerce(value, "ris.newline")
        assert str(caught.value) == f"ris.newline: expected one of lf, crlf, got {value!r}"


def test_a_message_whose_where_shows_the_value_does_not_repeat_it() -> None:
    with pytest.raises(ConfigError) as caught:
        FLAG.coerce("maybe", "-O t.flag=maybe", show_value=False)
    assert str(caught.value) == "-O t.flag=maybe: expected true or false"


TYPES = "str, bool, int, float, list"


@pytest.mark.parametrize(
    ("type_", "default", "choices", "message"),
    [
        (dict, {}, (), f"option 'n': type must be one of {TYPES}, not <class 'dict'>"),
        (int, "3", (), "option 'n': default '3' is not of type int"),
        (int, 2.0, (), "option 'n': default 2.0: expected int"),
        (float, 1, (), "option 'n': default 1 is not of type float"),
        (list, ("a",), (), "option 'n': default ('a',) is not of type list"),
        (bool, None, (), "option 'n': default None: expected true or false"),
        (str, "cr", ("lf", "crlf"), "option 'n': default 'cr': expected one of lf, crlf"),
    ],
)
def test_a_declaration_whose_default_does_not_fit_is_refused(
    type_: type, default: object, choices: tuple[str, ...], message: str
) -> None:
    with pytest.raises(TypeError) as caught:
        Option("n", type_, default, "help", choices)
    assert str(caught.value) == message


# -- resolve_options ---------------------------------------------------------------------------


def test_defaults_then_given_values_coerced() -> None:
    options = (FLAG, COUNT, NAMES, NEWLINE)
    assert resolve_options(options, {}, "t") == {"flag": False, "count": 3, "names": ["a"], "newline": "lf"}
    given = {"count": "8", "names": "b,c", "flag": "on"}
    assert resolve_options(options, given, "t") == {
        "flag": True,
        "count": 8,
        "names": ["b", "c"],
        "newline": "lf",
    }


def test_a_default_list_is_never_shared_with_a_run() -> None:
    first = resolve_options((NAMES,), {}, "t")
    first["names"].append("changed")
    assert resolve_options((NAMES,), {}, "t") == {"names": ["a"]}
    assert NAMES.default == ["a"]


def test_unknown_names_are_an_error_listing_the_valid_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_options((NEWLINE, FLAG), {"flags": "1"}, "ris")
    assert str(caught.value) == "unknown option ris.flags (valid options: flag, newline)"
    with pytest.raises(ConfigError) as caught:
        resolve_options((), {"anything": "1"}, "wprim")
    assert str(caught.value) == "unknown option wprim.anything (valid options: none)"


def test_a_bad_value_names_owner_and_option_or_the_given_label() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_options((COUNT,), {"count": "many"}, "t")
    assert str(caught.value) == "t.count: expected int, got 'many'"
    with pytest.raises(ConfigError) as caught:
        resolve_options((COUNT,), {"count": "many"}, "t", labels={"count": "-O t.count=many"})
    assert str(caught.value) == "-O t.count=many: expected int"
