"""Building the plugin manager: every plugin, built-in or not, comes from entry points.

refbridge's own formats and the first-party plugins are declared in the
``refbridge`` entry-point group of its own distribution, exactly as a third-party
package declares its plugins, so ``refbridge plugins`` lists them alike and any
one can be disabled by name.

Start-up matters (``refbridge format --check`` runs on every commit), so finding the
entry points does not import importlib.metadata in the usual case: see
``refbridge._internal.entrypoints``. A plugin's distribution name and version are read only
when asked for (``refbridge plugins``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pluggy

from refbridge import hookspecs
from refbridge._internal.entrypoints import entry_points
from refbridge.hookspecs import PROJECT_NAME
from refbridge.registry import Format, Registry, Transform

ENTRY_POINT_GROUP = "refbridge"


class DistributionInfo:
    """Name and version of the distribution an entry point comes from, read on first use.

    Reading them parses the distribution's metadata (and imports importlib.metadata),
    which only ``refbridge plugins`` needs.
    """

    def __init__(self, entry_point: Any) -> None:
        self._entry_point = entry_point
        self._loaded = False
        self._name: str | None = None
        self._version: str | None = None

    def _load(self) -> None:
        if self._loaded:
            return
        dist = getattr(self._entry_point, "dist", None)
        if dist is not None:
            self._name = dist.metadata["Name"]
            self._version = dist.version
        self._loaded = True

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
    them for in-test plugins. A plugin that fails to import gives one warning line
    naming it, and the rest keep working.
    """
    disabled_set = set(disabled)
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    warnings: list[str] = []

    def _warn(message: str) -> None:
        warnings.append(message)
        warn(message)

    if load_entry_points:
        seen: set[str] = set()
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in seen:
                continue  # the same distribution found twice on sys.path
            seen.add(ep.name)
            source = DistributionInfo(ep)
            if ep.name in disabled_set:
                infos.append(PluginInfo(ep.name, ep.value, (), "disabled", source))
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken third-party plugin must not break refbridge
                reason = f"{type(exc).__name__}: {exc}"
                _warn(f"plugin {ep.name!r} ({ep.value}) failed to load and is skipped: {reason}")
                infos.append(PluginInfo(ep.name, ep.value, (), f"failed: {reason}", source))
                continue
            manager.register(plugin, name=ep.name)
            infos.append(PluginInfo(ep.name, ep.value, _hook_names(manager, plugin), "loaded", source))
    for name, plugin in extra_plugins:
        if name in disabled_set:
            continue
        manager.register(plugin, name=name)
        module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__qualname__
        infos.append(PluginInfo(name, module, _hook_names(manager, plugin), "loaded"))

    formats: Registry[Format] = Registry("format")
    transforms: Registry[Transform] = Registry("transform")
    _call_register_hook(manager, "refbridge_register_formats", formats, _warn)
    _call_register_hook(manager, "refbridge_register_transforms", transforms, _warn)
    return PluginSet(manager, formats, transforms, infos, warnings)


def _hook_names(manager: pluggy.PluginManager, plugin: object) -> tuple[str, ...]:
    callers = manager.get_hookcallers(plugin) or []
    return tuple(sorted(caller.name for caller in callers))


def _call_register_hook(
    manager: pluggy.PluginManager,
    hook_name: str,
    registry: Registry[Format] | Registry[Transform],
    warn: Callable[[str], None],
) -> None:
    # Call each implementation ourselves (not the hook as a whole) so the registry
    # knows which plugin added which entry, and one faulty plugin is skipped alone.
    hook = getattr(manager.hook, hook_name)
    for impl in reversed(hook.get_hookimpls()):
        registry.current_plugin = impl.plugin_name
        try:
            impl.function(registry=registry)
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"
            warn(f"plugin {impl.plugin_name!r} failed in {hook_name} and is skipped: {reason}")
    registry.current_plugin = ""
