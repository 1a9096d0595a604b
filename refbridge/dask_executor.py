"""The Dask executor of batch mode (``convert ... --output-dir OUT --executor dask``).

Optional: ``pip install refbridge[dask]``. Each input file is one task running
``refbridge.batch.convert_file`` on a worker; results (counts and every diagnostic)
come back to the caller as tasks finish. With ``--scheduler ADDRESS`` the tasks go to
a running ``dask.distributed`` scheduler (``tcp://head-node:8786``); without it a
``LocalCluster`` is started on this machine for the run and closed after it.

The workers must be able to read the inputs and write the output folder: a shared
file system, or an fsspec URL (``s3://bucket/out``) that every worker can reach.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from refbridge.batch import FileJob, FileResult, convert_file
from refbridge.errors import UsageError


def _client(scheduler: str | None, cluster_options: dict[str, Any]) -> tuple[Any, Any]:
    """A client of the given scheduler, or of a new local cluster (returned to be closed)."""
    try:
        # Imported as a module of type Any: Dask is optional and untyped.
        distributed: Any = importlib.import_module("dask.distributed")
    except ImportError:
        raise UsageError("--executor dask needs Dask: pip install 'refbridge[dask]'") from None
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    cluster = distributed.LocalCluster(**{"dashboard_address": None, **cluster_options})
    return distributed.Client(cluster), cluster


def run_dask(
    jobs: Sequence[FileJob], scheduler: str | None = None, **cluster_options: Any
) -> Iterator[FileResult]:
    """Run ``convert_file`` for every job on Dask, yielding results as tasks finish.

    ``cluster_options`` go to ``LocalCluster`` when no scheduler is given (tests use
    ``n_workers=2``). A task that fails in Dask itself (a worker lost) becomes a failed
    result; the others go on.
    """
    if not jobs:
        return
    client, cluster = _client(scheduler, cluster_options)
    try:
        # pure=False: two runs of the same job (after --force) must both run.
        futures = client.map(convert_file, list(jobs), pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        for future in importlib.import_module("dask.distributed").as_completed(futures):
            job = job_of[future.key]
            try:
                yield future.result()
            except Exception as exc:  # any task failure is reported; the rest go on
                yield FileResult(job.source, job.dest, "failed", message=f"Dask task failed: {exc!r}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_executor(
    scheduler: str | None, **cluster_options: Any
) -> Callable[[Sequence[FileJob]], Iterator[FileResult]]:
    """The batch executor that runs on Dask (see ``refbridge.cli.batch.executor_for``)."""

    def execute(jobs: Sequence[FileJob]) -> Iterator[FileResult]:
        return run_dask(jobs, scheduler, **cluster_options)

    return execute
