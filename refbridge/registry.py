"""Registry entries: formats, transforms and their options.

Plugins add entries from their ``refbridge_register_*`` hooks; the registry stamps
each with the name of the plugin that added it, so ``refbridge formats`` can say
where a format comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import IO, Any, Generic, TypeVar

from refbridge.chunks import Parallel
from refbridge.context import Context
from refbridge.errors import ConfigError
from refbridge.model import Record
from refbridge.rewrite import Rewriter

Reader = Callable[[IO[str], Context], Iterator[Record]]
Writer = Callable[[Iterable[Record], IO[str], Context], None]
Sniffer = Callable[[str], float]
RecordStep = Callable[[Record], "Record | None"]
TransformFactory = Callable[[Context], RecordStep]

_OPTION_TYPES = (str, bool, int, float, list)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


class _WrongValue(ValueError):
    """A value an option cannot take; its text says what was expected."""


@dataclass(frozen=True, slots=True)
class Option:
    """A documented option of a format or transform: its one declaration.

    The default, type and help given here are the only ones: a reader, writer or
    transform reads the resolved value with ``context.option(name)`` and never
    repeats the default. Config key: ``[tool.refbridge.<plugin-entry>] <name> =
    value``; CLI: ``-O <entry>.<name>=value``. ``type`` is one of str, bool, int,
    float, list (of str); a value of another type is a usage error naming the
    option. ``choices`` limits a str option to those words. ``path=True`` marks a
    file path (or, for a list, paths): relative paths in a config file are resolved
    against that file's folder, on the CLI against the working directory.
    ``enriches=True`` marks an option whose values add to a record (a keyword
    mapping table): ``refbridge format`` leaves it at its default unless
    ``[tool.refbridge.format] enable`` names the transform.
    """

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    path: bool = False
    enriches: bool = False

    def __post_init__(self) -> None:
        # A declaration mistake is the plugin author's bug: say so when the plugin
        # registers, not as a confusing usage error in some later run.
        if self.type not in _OPTION_TYPES:
            names = ", ".join(t.__name__ for t in _OPTION_TYPES)
            raise TypeError(f"option {self.name!r}: type must be one of {names}, not {self.type!r}")
        try:
            value = self.convert(self.default)
        except _WrongValue as exc:
            raise TypeError(f"option {self.name!r}: default {self.default!r}: {exc}") from None
        if type(value) is not type(self.default):  # "3" for an int parses, but is a mistake
            raise TypeError(
                f"option {self.name!r}: default {self.default!r} is not of type {self.type.__name__}"
            )

    def coerce(self, value: Any, where: str, *, show_value: bool = True) -> Any:
        """Convert a config or CLI value to this option's type, or raise ConfigError.

        The message starts with ``where`` (``bibtex.ascii``) and ends with the value
        given, unless ``show_value`` is False because ``where`` shows it already
        (``-O bibtex.ascii=maybe``).
        """
        try:
            return self.convert(value)
        except _WrongValue as exc:
            got = f", got {value!r}" if show_value else ""
            raise ConfigError(f"{where}: {exc}{got}") from None

    def convert(self, value: Any) -> Any:
        """``value`` as this option's type; raises ValueError saying what was expected.

        Text (from ``-O`` or a config string) is parsed; a value of another type is
        refused rather than converted, so ``width = 2.5`` or ``flavour = ["zotero"]``
        in a config file is an error and not a silent 2 or ``"['zotero']"``.
        """
        if self.type is bool:
            return _to_bool(value)
        if self.type is list:
            return _to_list(value)
        if self.type is str:
            if not isinstance(value, str):
                raise _WrongValue("expected a string")
            result: Any = value
        elif isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _WrongValue(f"expected {self.type.__name__}")
        elif self.type is int and isinstance(value, float):
            raise _WrongValue("expected int")  # int(2.5) would quietly give 2
        else:
            try:
                result = self.type(value.strip() if isinstance(value, str) else value)
            except ValueError:
                raise _WrongValue(f"expected {self.type.__name__}") from None
        if self.choices and result not in self.choices:
            raise _WrongValue(f"expected one of {', '.join(self.choices)}")
        return result


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = value.strip().lower() if isinstance(value, str) else None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _WrongValue("expected true or false")


def _to_list(value: Any) -> list[str]:
    if isinstance(value, str):
        # -O gives a list as comma-separated text.
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)  # a copy: a declared default list is shared by every run
    raise _WrongValue("expected a list of strings")


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: reader and/or writer, file extensions and a content sniffer.

    ``sniff(head)`` gets the first few kilobytes of decoded text and returns a score
    from 0 (not this format) to 1 (certainly this format). ``primary`` marks the
    format chosen for an extension shared with another (``.bib``: bibtex, not biblatex).
    ``parallel`` lets worker processes read one large input together and/or render
    what they read (``--jobs``; see ``refbridge.chunks.Parallel``).
    ``rewrite`` is the lossless path of ``refbridge format`` (see ``refbridge.rewrite``):
    it puts back every byte of the file but the values a transform changed.
    ``formattable`` says that writing what was read reproduces the whole file (every
    part of it has a place in the records), so ``refbridge format`` may rewrite such a
    file through its reader and writer when it has no ``rewrite``; a JATS article, of
    which only the metadata is read, is not.
    ``fields`` is the format's field table (``refbridge.fieldmap``): where the writer puts
    each field of the record model, or None where the format has no place for it; the
    engine reports such a field, when a record has it, as not written (RB040). A format
    without a table (None) is not accounted for.
    ``fields_by_option`` is for a writer that places fields differently by an option's
    value (``flavour``): the option's name and, per value, the table for it; a value it
    does not name has ``fields``. ``field_table(options)`` is the table of a run.
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    read: Reader | None = None
    write: Writer | None = None
    sniff: Sniffer | None = None
    options: tuple[Option, ...] = ()
    primary: bool = True
    formattable: bool = False
    parallel: Parallel | None = None
    rewrite: Rewriter | None = None
    fields: Mapping[str, str | None] | None = None
    fields_by_option: tuple[str, Mapping[Any, Mapping[str, str | None]]] | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        # A table for an option the format does not declare could never be chosen.
        if self.fields_by_option is not None:
            name = self.fields_by_option[0]
            if all(option.name != name for option in self.options):
                raise TypeError(f"format {self.name!r}: fields_by_option names undeclared option {name!r}")

    def field_table(self, options: Mapping[str, Any]) -> Mapping[str, str | None] | None:
        """The field table of a run with these resolved ``options``: the table
        ``fields_by_option`` gives the option's value (its declared default when
        ``options`` lacks it), else ``fields``."""
        if self.fields_by_option is not None:
            name, tables = self.fields_by_option
            declared = next(option for option in self.options if option.name == name)
            table = tables.get(options.get(name, declared.default))
            if table is not None:
                return table
        return self.fields

    @property
    def readable(self) -> bool:
        """True when the format has a reader."""
        return self.read is not None

    @property
    def writable(self) -> bool:
        """True when the format has a writer."""
        return self.write is not None


@dataclass(frozen=True, slots=True)
class Transform:
    """A named record transform run between reading and writing.

    ``factory(context)`` is called once per run with the resolved options and
    returns the step applied to each record: it returns a new record (never mutate
    the one received; use ``dataclasses.replace``) or None to drop it, having
    reported why. Transforms run in ascending ``order``: 100s normalise, 200s
    enrich, 300s map, 500 third parties by default.

    ``in_format`` says the transform only normalises values a record already has
    (never adds a field): ``refbridge format`` runs such transforms by default, with
    their ``enriches`` options at their defaults; every other transform runs in
    ``format`` only when ``[tool.refbridge.format] enable`` names it.
    """

    name: str
    description: str
    factory: TransformFactory
    order: int = 500
    enabled_by_default: bool = True
    options: tuple[Option, ...] = ()
    in_format: bool = False
    plugin: str = ""


T = TypeVar("T", Format, Transform)


@dataclass
class Registry(Generic[T]):
    """Named entries added by plugins; a second entry with the same name is an error."""

    kind: str
    entries: dict[str, T] = field(default_factory=dict)
    current_plugin: str = ""

    def add(self, entry: T) -> None:
        """Register an entry; plugins call this from their registration hook."""
        if entry.name in self.entries:
            other = self.entries[entry.name].plugin
            raise ConfigError(
                f"{self.kind} {entry.name!r} registered twice (by {other!r} and {self.current_plugin!r})"
            )
        self.entries[entry.name] = replace(entry, plugin=self.current_plugin)

    def get(self, name: str) -> T | None:
        """Return the entry with that name, or None."""
        return self.entries.get(name)

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> list[str]:
        """All entry names, sorted."""
        return sorted(self.entries)


def resolve_options(
    options: tuple[Option, ...],
    given: Mapping[str, Any],
    owner: str,
    *,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Every declared option of ``owner``: its default, or the given value coerced to its type.

    An unknown name or a value of the wrong type raises ConfigError naming the option.
    ``labels`` maps a given name to how the message shows it when the value came from
    somewhere a user should be pointed to, value included (``-O bibtex.ascii=maybe``,
    ``refbridge.toml: [tool.refbridge] bibtex.ascii = "maybe"``); without one the
    message reads ``bibtex.ascii: expected true or false, got 'maybe'``.
    """
    known = {o.name: o for o in options}
    result = {o.name: o.convert(o.default) for o in options}
    for name, value in given.items():
        option = known.get(name)
        if option is None:
            valid = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"unknown option {owner}.{name} (valid options: {valid})")
        label = (labels or {}).get(name)
        if label is None:
            result[name] = option.coerce(value, f"{owner}.{name}")
        else:
            result[name] = option.coerce(value, label, show_value=False)
    return result
