"""A Session ties one run together: plugins, configuration, options and diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from refbridge._internal.plugins import PluginSet, build_plugin_set
from refbridge.config import Config
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic, DiagnosticSink
from refbridge.errors import ConfigError, UsageError
from refbridge.registry import Format, RecordStep, Transform, resolve_options


class Session:
    """The plugins, config and diagnostics of one refbridge run.

    ``options`` maps a format or transform name to its option values; they override
    the config file's tables. ``options_from_cli`` says they are ``-O`` flags, so a
    bad value is reported as the flag (``-O bibtex.ascii=maybe: expected true or
    false``). ``enable``/``disable`` switch transforms (and, for ``disable``, whole
    plugins) on or off by name.
    """

    def __init__(
        self,
        *,
        config: Config | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        enable: Iterable[str] = (),
        disable: Iterable[str] = (),
        strict: bool = False,
        sink: DiagnosticSink | None = None,
        plugin_set: PluginSet | None = None,
        extra_plugins: Iterable[tuple[str, object]] = (),
        options_from_cli: bool = False,
    ) -> None:
        self.config = config or Config()
        self.disable = set(self.config.run.get("disable", [])) | set(disable)
        self.enable = set(self.config.run.get("enable", [])) | set(enable)
        self.cli_enable = set(enable)
        format_table = self.config.tables.get("format", {})
        #: ``[tool.refbridge.format]``: transforms ``format`` runs in full, and never.
        self.format_enable = set(format_table.get("enable", []))
        self.format_disable = set(format_table.get("disable", []))
        strict = strict or bool(self.config.run.get("strict", False))
        self.sink = sink if sink is not None else DiagnosticSink(strict=strict)
        if strict:
            self.sink.strict = True
        self.plugins = plugin_set or build_plugin_set(disabled=self.disable, extra_plugins=extra_plugins)
        self._labels = self._value_labels(options or {}, options_from_cli)
        merged = {
            owner: self._resolve_config_paths(owner, dict(v))
            for owner, v in self.config.plugin_options.items()
        }
        for owner, values in (options or {}).items():
            merged.setdefault(owner, {}).update(values)
        self._options = merged
        self._check_names()

    def _value_labels(
        self, options: Mapping[str, Mapping[str, Any]], from_cli: bool
    ) -> dict[str, dict[str, str]]:
        """How a wrong option value is shown: where the user wrote it, value included.

        A config value as written (before paths are resolved), a ``-O`` flag as typed;
        a value given through the API has no label (``owner.name: ..., got value``).
        """
        labels: dict[str, dict[str, str]] = {}
        for owner, table in self.config.plugin_options.items():
            for name, value in table.items():
                where = self.config.where(f"{owner}.{name}")
                labels.setdefault(owner, {})[name] = f"{where} = {_toml(value)}"
        for owner, given in options.items():
            for name, value in given.items():
                if from_cli:
                    labels.setdefault(owner, {})[name] = f"-O {owner}.{name}={value}"
                else:  # the API's value replaces the config file's
                    labels.get(owner, {}).pop(name, None)
        return labels

    def _resolve_config_paths(self, owner: str, values: dict[str, Any]) -> dict[str, Any]:
        """Make relative path options from the config file relative to its folder."""
        entry = self.plugins.formats.get(owner) or self.plugins.transforms.get(owner)
        if entry is None or self.config.path is None:
            return values
        base = self.config.path.parent
        for option in entry.options:
            value = values.get(option.name)
            if not option.path or value is None:
                continue
            # Only text is a path; any other value is left for the type check to refuse.
            if isinstance(value, list):
                values[option.name] = [str(base / v) if isinstance(v, str) else v for v in value]
            elif isinstance(value, str):
                values[option.name] = str(base / value)
        return values

    # -- validation -----------------------------------------------------------------

    def _check_names(self) -> None:
        known = set(self.plugins.formats.entries) | set(self.plugins.transforms.entries)
        plugin_names = {p.name for p in self.plugins.plugins}
        for owner in self._options:
            if owner not in known:
                where = self.config.where(owner) if owner in self.config.plugin_options else owner
                raise ConfigError(
                    f"{where}: no format or transform named {owner!r} (known: {', '.join(sorted(known))})"
                )
        for name in self.enable:
            if name not in self.plugins.transforms.entries:
                raise UsageError(f"cannot enable {name!r}: no such transform")
        for name in self.format_enable | self.format_disable:
            if name not in self.plugins.transforms.entries:
                raise ConfigError(
                    f"{self.config.where('format')}: no transform named {name!r} "
                    f"(known: {', '.join(self.plugins.transforms.names())})"
                )
        for name in self.disable:
            if name not in self.plugins.transforms.entries and name not in plugin_names:
                raise UsageError(f"cannot disable {name!r}: no such plugin or transform")
        # Resolve every option table now so a bad value fails before any work is done.
        for owner in self._options:
            self.options_for(owner)

    def options_for(self, name: str) -> dict[str, Any]:
        """The resolved options of a format or transform: defaults, config, then CLI."""
        entry: Format | Transform | None = self.plugins.formats.get(name) or self.plugins.transforms.get(name)
        declared = entry.options if entry is not None else ()
        return resolve_options(declared, self._options.get(name, {}), name, labels=self._labels.get(name))

    # -- formats --------------------------------------------------------------------

    def format_named(self, name: str, *, need: str) -> Format:
        """Return the format called ``name`` that can ``need`` ("read"/"write")."""
        fmt = self.plugins.formats.get(name)
        if fmt is None:
            raise UsageError(f"unknown format {name!r}; known formats: {self._format_list(need)}")
        if need == "read" and not fmt.readable:
            raise UsageError(f"format {name!r} cannot be read; readable formats: {self._format_list(need)}")
        if need == "write" and not fmt.writable:
            raise UsageError(
                f"format {name!r} cannot be written; writable formats: {self._format_list(need)}"
            )
        return fmt

    def _format_list(self, need: str) -> str:
        names = [f.name for f in self.plugins.formats if (f.readable if need == "read" else f.writable)]
        return ", ".join(sorted(names)) or "none"

    def guess_format(self, filename: str | None, head: str | None, *, need: str) -> Format:
        """Pick a format from the file extension, then by sniffing ``head``.

        Among formats sharing an extension the content decides; with no content (an
        output file) the ``primary`` one wins. Raises UsageError listing the known
        formats when nothing fits.
        """
        candidates = [f for f in self.plugins.formats if (f.readable if need == "read" else f.writable)]
        name = PurePath(filename).name.lower() if filename else ""
        # The longest matching extension decides: ``refs.csl.json`` is CSL-JSON, not refbridge's json.
        matched = {
            f.name: max((len(e) for e in f.extensions if name.endswith(e)), default=0) for f in candidates
        }
        longest = max(matched.values(), default=0)
        by_extension = [f for f in candidates if longest and matched[f.name] == longest]
        if len(by_extension) == 1:
            return by_extension[0]
        pool = by_extension or candidates
        if head:
            scored = sorted(
                ((f.sniff(head) if f.sniff else 0.0, f.primary, f.name, f) for f in pool),
                key=lambda item: (item[0], item[1]),
                reverse=True,
            )
            if scored and scored[0][0] > 0:
                return scored[0][3]
        primaries = [f for f in by_extension if f.primary]
        if primaries:
            return primaries[0]
        what = f"{filename!r}" if filename else "the input"
        raise UsageError(
            f"cannot tell the format of {what}; give it with "
            f"{'-f' if need == 'read' else '-t'} (known formats: {self._format_list(need)})"
        )

    def context(self, name: str, filename: str | None) -> Context:
        """A context for the format or transform ``name`` working on ``filename``."""
        return Context(name=name, filename=filename, options=self.options_for(name), sink=self.sink)

    # -- transforms -----------------------------------------------------------------

    def active_transforms(self) -> list[Transform]:
        """Transforms that will run, in order: on by default or enabled, and not disabled."""
        active = [
            t
            for t in self.plugins.transforms
            if (t.enabled_by_default or t.name in self.enable) and t.name not in self.disable
        ]
        return sorted(active, key=lambda t: (t.order, t.name))

    def format_transforms(self) -> list[Transform]:
        """Transforms ``refbridge format`` runs, in order: the normalising ones
        (``in_format``) that are on, and those ``[tool.refbridge.format] enable`` or
        ``-E`` name; never those disabled or named by ``[tool.refbridge.format] disable``."""
        full = self.format_enable | self.cli_enable
        return [
            t
            for t in self.active_transforms()
            if (t.in_format or t.name in full) and t.name not in self.format_disable
        ]

    def transform_steps(
        self, filename: str | None = None, *, purpose: str = "convert"
    ) -> list[tuple[Transform, RecordStep]]:
        """Instantiate the active transforms once for a run.

        ``purpose="format"``: the transforms of ``format_transforms``, each with its
        ``enriches`` options at their defaults unless it is enabled for ``format`` in full.
        """
        if purpose == "convert":
            return [(t, t.factory(self.context(t.name, filename))) for t in self.active_transforms()]
        full = self.format_enable | self.cli_enable
        steps = []
        for transform in self.format_transforms():
            context = self.context(transform.name, filename)
            if transform.name not in full:
                # The declared defaults, resolved like any other (never restated here).
                enriching = (o for o in transform.options if o.enriches)
                defaults = resolve_options(tuple(enriching), {}, transform.name)
                context.options = {**context.options, **defaults}
            steps.append((transform, transform.factory(context)))
        return steps

    # -- diagnostics ----------------------------------------------------------------

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Everything reported so far."""
        return list(self.sink)


def _toml(value: Any) -> str:
    """A config value as TOML writes it (``"maybe"``, ``true``, ``["a"]``), for messages."""
    import json  # here: most runs never show a config value

    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # a TOML date or time: no JSON form
        return str(value)
