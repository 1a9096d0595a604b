"""Registry entries: formats, transforms and their options.

Plugins add entries from their ``refbridge_register_*`` hooks; the registry stamps
each with the name of the plugin that added it, so ``refbridge formats`` can say
where a format comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO, Any, Generic, TypeVar

from refbridge.chunks import ChunkedReading, ChunkedWriting
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


@dataclass(frozen=True, slots=True)
class Option:
    """A documented option of a format or transform.

    Config key: ``[tool.refbridge.<plugin-entry>] <name> = value``; CLI:
    ``-O <entry>.<name>=value``. ``type`` is one of str, bool, int, float, list.
    ``path=True`` marks a file path (or, for a list, paths): relative paths in a
    config file are resolved against that file's folder, on the CLI against the
    working directory. ``enriches=True`` marks an option whose values add to a
    record (a keyword mapping table): ``refbridge format`` leaves it at its default
    unless ``[tool.refbridge.format] enable`` names the transform.
    """

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    path: bool = False
    enriches: bool = False

    def coerce(self, value: Any, where: str) -> Any:
        """Convert a config or CLI value to this option's type, or raise ConfigError."""
        if self.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        if self.type is list:
            if isinstance(value, list):
                return [str(v) for v in value]
            return [part.strip() for part in str(value).split(",") if part.strip()]
        try:
            result = self.type(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected {self.type.__name__}, got {value!r}") from None
        if self.choices and result not in self.choices:
            raise ConfigError(f"{where}: expected one of {', '.join(self.choices)}, got {value!r}")
        return result


@dataclass(frozen=True, slots=True)
class Format:
    """A file format: reader and/or writer, file extensions and a content sniffer.

    ``sniff(head)`` gets the first few kilobytes of decoded text and returns a score
    from 0 (not this format) to 1 (certainly this format). ``primary`` marks the
    format chosen for an extension shared with another (``.bib``: bibtex, not biblatex).
    ``chunked`` lets worker processes read one large input together, and
    ``chunked_write`` lets them render what they read (``--jobs``; see ``refbridge.chunks``).
    ``rewrite`` is the lossless path of ``refbridge format`` (see ``refbridge.rewrite``):
    it puts back every byte of the file but the values a transform changed.
    ``formattable`` says that writing what was read reproduces the whole file (every
    part of it has a place in the records), so ``refbridge format`` may rewrite such a
    file through its reader and writer when it has no ``rewrite``; a JATS article, of
    which only the metadata is read, is not.
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
    chunked: ChunkedReading | None = None
    chunked_write: ChunkedWriting | None = None
    rewrite: Rewriter | None = None
    plugin: str = ""

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


def resolve_options(options: tuple[Option, ...], given: dict[str, Any], owner: str) -> dict[str, Any]:
    """Merge defaults with given values, coercing types; unknown names are an error."""
    known = {o.name: o for o in options}
    result = {o.name: o.default for o in options}
    for name, value in given.items():
        option = known.get(name)
        if option is None:
            valid = ", ".join(sorted(known)) or "none"
            raise ConfigError(f"unknown option {owner}.{name} (valid options: {valid})")
        result[name] = option.coerce(value, f"{owner}.{name}")
    return result
