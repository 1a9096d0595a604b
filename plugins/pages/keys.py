"""Names the pages transform writes into records, shared by its package and its step.

A module of its own so that the step (``step``) and the package that registers it
(``__init__``, which imports the step only when a run starts) both import it from
below, and neither imports the other back.
"""

from __future__ import annotations

#: Key in ``Record.extra`` that receives a page count found in ``pages`` (``12 pp``).
PAGE_COUNT_KEY = "page-count"
