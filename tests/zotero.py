"""Zotero's own import translators as a test oracle (``../shared/zotero-oracle``).

``zotero_import(translator, text)`` runs one of Zotero's import translators (``ris``,
``bibtex``, ``medline``, ``csljson``, ``endnotexml``, ``refer``, ``pubmedxml``) under node
and returns the items Zotero would save (its client-save view: fields Zotero does not
keep for the item type are in ``extra``, listed in ``_movedToExtraOnSave``).

The oracle's one dependency, jsdom, is installed on first use into
``$ZO_NODE_MODULES`` or ``~/.cache/zotero-oracle`` by the oracle's own ``install.sh``
(npm registry), so the tests need nothing but node and npm on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ORACLE = REPO.parent / "shared" / "zotero-oracle"


@lru_cache(maxsize=1)
def node_modules() -> Path:
    """The folder holding jsdom for the oracle, installed there if it is missing."""
    given = os.environ.get("ZO_NODE_MODULES")
    folder = Path(given) if given else Path.home() / ".cache" / "zotero-oracle" / "node_modules"
    if not (folder / "jsdom").is_dir():
        if shutil.which("node") is None or shutil.which("npm") is None:
            raise RuntimeError("the Zotero oracle needs node and npm on the PATH")
        subprocess.run(
            ["bash", str(ORACLE / "install.sh"), str(folder.parent)],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return folder


def zotero_import(translator: str, text: str | bytes, *prefs: str) -> list[dict[str, Any]]:
    """The items Zotero's ``translator`` saves from ``text`` (``prefs``: ``NAME=VALUE``)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    command = ["node", str(ORACLE / "run.js"), "--node-modules", str(node_modules()), "-t", translator]
    for pref in prefs:
        command += ["--pref", pref]
    result = subprocess.run([*command, "-"], input=data, capture_output=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"zotero oracle ({translator}) failed: {result.stderr.decode(errors='replace')}")
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items
