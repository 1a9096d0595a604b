"""Building the plugin manager: every plugin, built-in or not, comes from entry points.

refbridge's own formats and the first-party plugins are declared in the
``refbridge`` entry-point group of its own distribution, exactly as a third-party
package declares its plugins, so ``refbridge plugins`` lists them alike and any
one can be disabled by name.

Every plugin is checked by pluggy itself, as pytest and tox check theirs:
``PluginManager.register`` refuses a hook implementation whose arguments the hook
specification does not give, and ``check_pending()`` refuses a hook that has no
specification (a misspelt name). A plugin that fails a check, fails to import, or
raises in a registration hook is reported in one warning line and skipped: nothing
it registered is kept, and every other plugin works. The registration hooks are
called through pluggy, one plugin at a time (``subset_hook_caller``), so that each
entry is stamped with its plugin and one faulty plugin is skipped alone.

During a run, the readers, writers, sniffers, rewriters and transforms of plugins
not shipped with refbridge are guarded (``refbridge._internal.guard``): an exception
from one becomes one ``PluginError`` line naming the plugin and where it failed.

Start-up matters (``refbridge format --check`` runs on every commit), so finding the
entry points does not import importlib.metadata in the usual case: see
``refbridge._internal.entrypoints``. A plugin's distribution name and version are read only
when asked for (``refbridge plugins``, or a warning about the plugin).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from refbridge import hookspecs
from refbridge._internal.entrypoints import entry_points
from refbridge._internal.guard import debugging, guard_format, guard_transform, print_traceback
from refbridge.hookspecs import PROJECT_NAME
from refbridge.registry import Format, Registry, Transform

if TYPE_CHECKING:
    import click

ENTRY_POINT_GROUP = "refbridge"
_HOOK_PREFIX = f"{PROJECT_NAME}_"
#: What a plugin may raise while it is imported or its hooks run, and be skipped for; a
#: plugin calling sys.exit() must not end `refbridge --help` either (Ctrl-C still does).
_PLUGIN_FAILURES = (Exception, SystemExit)
#: The registration hooks, in the order they are called, with the kind of entry each adds.
_REGISTER_HOOKS = (("refbridge_register_formats", "format"), ("refbridge_register_transforms", "transform"))


class DistributionInfo:
    """Name and version of the distribution an entry point comes from, read on first use.

    Reading them parses the distribution's metadata (and imports importlib.metadata),
    which only ``refbridge plugins`` and warnings about a plugin need.
    """

    def __init__(self, entry_point: Any) -> None:
        self._entry_point = entry_point
        self._loaded = False
        self._name: str | None = None
        self._version: str | None = None

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            dist = getattr(self._entry_point, "dist", None)
            if dist is not None:
                self._name = dist.metadata["Name"]
                self._version = dist.version
        except Exception:  # unreadable metadata must not break `refbridge plugins`
            self._name = self._version = None

    @property
    def name(self) -> str | None:
        """The distribution's ``Name`` metadata (None when the entry point has no distribution)."""
        self._load()
        return self._name

    @property
    def version(self) -> str | None:
        """The distribution's ``Version`` metadata."""
        self._load()
        return self._version


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """What ``refbridge plugins`` shows about one plugin."""

    name: str
    module: str
    hooks: tuple[str, ...]
    status: str  # "loaded", "disabled" or "failed: <reason>"
    source: DistributionInfo | None = field(default=None, repr=False, compare=False)

    @property
    def distribution(self) -> str | None:
        """The name of the distribution that declares the plugin (None: not installed)."""
        return self.source.name if self.source is not None else None

    @property
    def version(self) -> str | None:
        """That distribution's version."""
        return self.source.version if self.source is not None else None

    @property
    def builtin(self) -> bool:
        """True for the plugins refbridge's own distribution declares."""
        name = self.distribution
        return name is not None and name.lower() == "refbridge"


@dataclass
class PluginSet:
    """A plugin manager with the registries its plugins filled."""

    manager: pluggy.PluginManager
    formats: Registry[Format]
    transforms: Registry[Transform]
    plugins: list[PluginInfo]
    warnings: list[str]


def _default_warn(message: str) -> None:
    print(f"refbridge: warning: {message}", file=sys.stderr)


def build_plugin_set(
    *,
    disabled: Iterable[str] = (),
    extra_plugins: Iterable[tuple[str, object]] = (),
    load_entry_points: bool = True,
    warn: Callable[[str], None] = _default_warn,
) -> PluginSet:
    """Load the ``refbridge`` entry points (minus ``disabled``) and fill the registries.

    ``extra_plugins`` are (name, plugin object) pairs registered as well; tests use
    them for in-test plugins (they count as third-party). A plugin that fails to
    import, fails pluggy's checks or raises in a registration hook gives one warning
    line naming it and is skipped; the rest keep working.
    """
    loader = _Loader(warn)
    for name in disabled:
        loader.manager.set_blocked(name)  # pluggy's own switch (pytest's ``-p no:NAME``)
    if load_entry_points:
        seen: set[str] = set()
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in seen:
                continue  # the same distribution found twice on sys.path
            seen.add(ep.name)
            loader.load_entry_point(ep)
    for name, plugin in extra_plugins:
        if not loader.manager.is_blocked(name):
            module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__qualname__
            loader.admit(name, plugin, module, None, builtin=False)
    return loader.fill_registries()


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, looking for hooks only among names that start with ``refbridge_``.

    pluggy inspects every attribute of every plugin (a module's imports included) to
    find the hook functions; as pytest does for ``pytest_``, only names with the project
    prefix are looked at, which makes registering every plugin at start-up several
    times cheaper. A misspelt ``refbridge_...`` name is still found and refused by
    ``check_pending()``; a hook function must be named after its hook.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        if not name.startswith(_HOOK_PREFIX):
            return None
        return super().parse_hookimpl_opts(plugin, name)


class _Loader:
    """One plugin manager being built: plugins admitted, skipped, and what they registered."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.manager: pluggy.PluginManager = _PluginManager(PROJECT_NAME)
        self.manager.add_hookspecs(hookspecs)
        self.infos: dict[str, PluginInfo] = {}
        self.third_party: set[str] = set()
        self.warnings: list[str] = []
        self._warn = warn
        self._dist_names: dict[int, str | None] = {}

    def warn(self, message: str, exc: BaseException | None = None) -> None:
        if exc is not None and debugging():
            print_traceback(exc)
        self.warnings.append(message)
        self._warn(message)

    def load_entry_point(self, ep: Any) -> None:
        source = DistributionInfo(ep)
        if self.manager.is_blocked(ep.name):
            self.infos[ep.name] = PluginInfo(ep.name, ep.value, (), "disabled", source)
            return
        try:
            plugin = ep.load()
        except _PLUGIN_FAILURES as exc:  # a broken third-party plugin must not break refbridge
            reason = f"{type(exc).__name__}: {exc}"
            self.warn(f"plugin {ep.name!r} ({ep.value}) failed to load and is skipped: {reason}", exc)
            self.infos[ep.name] = PluginInfo(ep.name, ep.value, (), f"failed: {reason}", source)
            return
        self.admit(ep.name, plugin, ep.value, source, builtin=self._from_refbridge(ep))

    def _from_refbridge(self, ep: Any) -> bool:
        """True when refbridge's own distribution declares ``ep`` (its plugins run unguarded)."""
        key = getattr(ep, "distribution_key", None)  # our scan knows it from the folder's name
        if key is None:
            dist = getattr(ep, "dist", None)  # an importlib.metadata entry point: read its metadata
            if id(dist) not in self._dist_names:
                try:
                    self._dist_names[id(dist)] = dist.metadata["Name"] if dist is not None else None
                except Exception:
                    self._dist_names[id(dist)] = None
            key = (self._dist_names[id(dist)] or "").lower().replace("-", "_").replace(".", "_")
        return bool(key == "refbridge")

    def admit(
        self, name: str, plugin: object, module: str, source: DistributionInfo | None, *, builtin: bool
    ) -> None:
        """Register ``plugin`` with pluggy's checks; skip it with one warning if it fails one."""
        try:
            self.manager.register(plugin, name=name)
        except pluggy.PluginValidationError as exc:
            self.skip(name, module, source, _wrong_arguments(self.manager, plugin) or _one_line(exc), exc)
            return
        except ValueError as exc:  # pluggy's message would list every plugin registered
            other = self.manager.get_name(plugin)
            reason = f"the same plugin is registered as {other!r}" if other else "the name is taken"
            self.skip(name, module, source, reason, exc)
            return
        try:
            self.manager.check_pending()
        except pluggy.PluginValidationError as exc:
            # Every plugin before this one passed, so the unknown hook is this plugin's.
            unknown = sorted(c.name for c in self.manager.get_hookcallers(plugin) or () if not c.has_spec())
            names = ", ".join(repr(n) for n in unknown)
            reason = f"unknown hook{'s' if len(unknown) > 1 else ''} {names}" if unknown else _one_line(exc)
            self.manager.unregister(plugin, name=name)
            self.skip(name, module, source, reason, exc)
            return
        hooks = tuple(sorted(c.name for c in self.manager.get_hookcallers(plugin) or () if c.has_spec()))
        self.infos[name] = PluginInfo(name, module, hooks, "loaded", source)
        if not builtin:
            self.third_party.add(name)

    def skip(
        self, name: str, module: str, source: DistributionInfo | None, reason: str, exc: BaseException
    ) -> None:
        """Report ``name`` in one line and list it as failed."""
        self.warn(f"plugin {name!r}{_dist_label(source)} skipped: {reason}", exc)
        self.infos[name] = PluginInfo(name, module, (), f"failed: {reason}", source)

    def fill_registries(self) -> PluginSet:
        """Call the registration hooks plugin by plugin; keep nothing of a plugin that raised."""
        formats: Registry[Format] = Registry("format")
        transforms: Registry[Transform] = Registry("transform")
        registries: dict[str, Registry[Any]] = {"format": formats, "transform": transforms}
        for hook_name, kind in _REGISTER_HOOKS:
            registry = registries[kind]
            for name, call in per_plugin(self.manager, hook_name):
                registry.current_plugin = name
                try:
                    call(registry=registry)
                except _PLUGIN_FAILURES as exc:
                    for each in registries.values():
                        for key in [k for k, entry in each.entries.items() if entry.plugin == name]:
                            del each.entries[key]
                    info = self.infos[name]
                    self.manager.unregister(name=name)
                    self.skip(name, info.module, info.source, f"{hook_name} raised {_describe(exc)}", exc)
            registry.current_plugin = ""
        for key, fmt in formats.entries.items():
            if fmt.plugin in self.third_party:
                formats.entries[key] = guard_format(fmt)
        for key, transform in transforms.entries.items():
            if transform.plugin in self.third_party:
                transforms.entries[key] = guard_transform(transform)
        return PluginSet(self.manager, formats, transforms, list(self.infos.values()), self.warnings)


def per_plugin(manager: pluggy.PluginManager, hook_name: str) -> Iterator[tuple[str, pluggy.HookCaller]]:
    """(plugin name, caller of ``hook_name`` for that plugin alone), in pluggy's call order.

    Calling through pluggy keeps its semantics (an implementation gets only the
    arguments it names); one plugin at a time tells whose entry is whose and lets a
    plugin that raises be skipped alone.
    """
    hook = getattr(manager.hook, hook_name)
    everyone = [plugin for _name, plugin in manager.list_name_plugin() if plugin is not None]
    for impl in reversed(hook.get_hookimpls()):  # pluggy calls the last registered first
        others = [plugin for plugin in everyone if plugin is not impl.plugin]
        yield impl.plugin_name, manager.subset_hook_caller(hook_name, remove_plugins=others)


def add_plugin_commands(plugin_set: PluginSet, cli: click.Group, warn: Callable[[str], None]) -> None:
    """Let every plugin add its subcommands to ``cli``; one that raises (or adds
    something that is not a command) is reported in one line and its commands left out."""
    import click

    for name, call in per_plugin(plugin_set.manager, "refbridge_register_commands"):
        before = dict(cli.commands)
        try:
            call(cli=cli)
            bad = sorted(k for k, v in cli.commands.items() if not isinstance(v, click.Command))
            if bad:
                raise TypeError(f"not a click command: {', '.join(map(repr, bad))}")
        except _PLUGIN_FAILURES as exc:
            cli.commands.clear()
            cli.commands.update(before)
            info = next((p for p in plugin_set.plugins if p.name == name), None)
            label = _dist_label(info.source if info is not None else None)
            if debugging():
                print_traceback(exc)
            reason = f"refbridge_register_commands raised {_describe(exc)}"
            warn(f"plugin {name!r}{label} commands skipped: {reason}")


def _wrong_arguments(manager: pluggy.PluginManager, plugin: object) -> str | None:
    """Which hook of ``plugin`` asks for arguments its specification does not give (the
    check pluggy's ``register`` failed), in one line; None if that was not the failure."""
    for attr in dir(plugin):
        try:
            opts = manager.parse_hookimpl_opts(plugin, attr)
        except Exception:
            continue
        hook = getattr(manager.hook, (opts or {}).get("specname") or attr, None) if opts else None
        if hook is None or hook.spec is None:
            continue
        impl = pluggy.HookImpl(plugin, "", getattr(plugin, attr), opts)  # type: ignore[arg-type]
        given = (*hook.spec.argnames, *hook.spec.kwargnames)
        extra = [arg for arg in impl.argnames if arg not in given]
        if extra:
            names = ", ".join(repr(arg) for arg in extra)
            return f"wrong arguments for hook {hook.name!r}: {names} (the hook gives: {', '.join(given)})"
    return None


def _dist_label(source: DistributionInfo | None) -> str:
    if source is None or source.name is None:
        return ""
    return f" ({source.name} {source.version})" if source.version else f" ({source.name})"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_one_line(exc)}"


def _one_line(exc: BaseException) -> str:
    """An exception's text on one line (pluggy's messages span several)."""
    return " ".join(str(exc).split())
