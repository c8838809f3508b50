"""dask-yarn's documented examples (python/examples, only the import line changed) on the local
cluster, to the end: the quickstart's ten 2-vcore 8-GiB workers run and compute, the adaptive
example's AM keeps at least its minimum of 2, the from_current script submitted with the CLI ends
SUCCEEDED. Ten 8-GiB workers need a NodeManager that offers that much: scripts/test.sh starts the
cluster with --nm-memory-mb 98304 --nm-vcores 32 for this suite (idle dask workers use far less
real memory; YARN's physical-memory check still applies to each)."""

from __future__ import annotations

import runpy
import time
from pathlib import Path

import dask.array as da
import pytest
from conftest import rm_report

from tsdask_yarn._cli import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NM_MEMORY_NEEDED_MB = 10 * 8192 + 2048 + 512  # the quickstart's workers, scheduler and AM


@pytest.fixture
def big_node(hadoop):
    have = hadoop["options"]["nmMemoryMb"] * hadoop["options"]["nodes"]
    if have < NM_MEMORY_NEEDED_MB:
        pytest.fail(
            f"dask-yarn's examples need {NM_MEMORY_NEEDED_MB} MB of NodeManager memory, the cluster has {have}: "
            "start it with 'cluster/hadoop up --nm-memory-mb 98304 --nm-vcores 32' (scripts/test.sh does)"
        )


def run_example(name: str, environment: str, cwd: Path, monkeypatch) -> dict:
    (cwd / "environment.tar.gz").symlink_to(environment)
    monkeypatch.chdir(cwd)
    return runpy.run_path(str(EXAMPLES / name))


def worker_service(cluster) -> dict:
    return next(s for s in cluster._app.status()["services"] if s["name"] == "dask.worker")


def test_quickstart(hadoop, environment, big_node, tmp_path, monkeypatch):
    g = run_example("quickstart.py", environment, tmp_path, monkeypatch)
    cluster, client = g["cluster"], g["client"]
    try:
        client.wait_for_workers(10, timeout=300)
        workers = client.scheduler_info()["workers"].values()
        assert sorted(w["nthreads"] for w in workers) == [2] * 10
        assert {w["memory_limit"] for w in workers} == {8 * 2**30}
        assert int(da.arange(10**6, chunks=10**5).sum().compute()) == 499999500000
    finally:
        client.close()
        cluster.close()
    assert rm_report(hadoop, cluster.application_id)["finalStatus"] == "SUCCEEDED"


def test_adaptive(hadoop, environment, big_node, tmp_path, monkeypatch):
    g = run_example("adaptive.py", environment, tmp_path, monkeypatch)
    cluster, client = g["cluster"], g["client"]
    try:
        assert worker_service(cluster)["adaptive"] == {"minimum": 2, "maximum": 10}
        client.wait_for_workers(2, timeout=300)  # the AM's adaptive loop raised the count to the minimum
        assert int(da.arange(10**6, chunks=10**5).sum().compute()) == 499999500000
        time.sleep(5)  # a few adaptive rounds with nothing to do: the minimum holds
        assert len(client.scheduler_info()["workers"]) == 2
    finally:
        client.close()
        cluster.close()
    assert rm_report(hadoop, cluster.application_id)["finalStatus"] == "SUCCEEDED"


def test_from_current_submitted(hadoop, environment, tag):
    answer = run_cli(
        ["submit", "--environment", environment, "--worker-count", "1", "--worker-memory", "512 MiB",
         "--scheduler-memory", "512 MiB", "--max-attempts", "1", "--tags", tag, "--wait",
         str(EXAMPLES / "from_current.py")],
        timeout=600,
    )  # fmt: skip
    assert (answer["state"], answer["finalStatus"]) == ("FINISHED", "SUCCEEDED")
