"""dask-yarn's documented examples (python/examples, only the import line changed) on the local
cluster. The quickstart and adaptive examples ask for 8 GiB workers: the local NodeManager has
8 GiB in all, so those workers are requested (and stay pending) there; the test checks that the
example ran, Client connected and the AM holds the request it was given, then closes the cluster."""

from __future__ import annotations

import runpy
import time
from pathlib import Path

from conftest import rm_report

from tsdask_yarn._cli import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run_example(name: str, environment: str, cwd: Path, monkeypatch) -> dict:
    (cwd / "environment.tar.gz").symlink_to(environment)
    monkeypatch.chdir(cwd)
    return runpy.run_path(str(EXAMPLES / name))


def worker_service(cluster) -> dict:
    return next(s for s in cluster._app.status()["services"] if s["name"] == "dask.worker")


def test_quickstart(hadoop, environment, tmp_path, monkeypatch):
    g = run_example("quickstart.py", environment, tmp_path, monkeypatch)
    cluster, client = g["cluster"], g["client"]
    try:
        assert client.scheduler_info()["address"] == cluster.scheduler_address
        assert worker_service(cluster)["desiredInstances"] == 10
        assert len(cluster.workers()) == 10
    finally:
        client.close()
        cluster.close()
    assert rm_report(hadoop, cluster.application_id)["finalStatus"] == "SUCCEEDED"


def test_adaptive(hadoop, environment, tmp_path, monkeypatch):
    g = run_example("adaptive.py", environment, tmp_path, monkeypatch)
    cluster, client = g["cluster"], g["client"]
    try:
        assert worker_service(cluster)["adaptive"] == {"minimum": 2, "maximum": 10}
        # The AM's adaptive loop raises the count to the minimum on its next round.
        deadline = time.monotonic() + 60
        while worker_service(cluster)["desiredInstances"] < 2:
            assert time.monotonic() < deadline, "the AM asks for the minimum of 2 workers within 60 s"
            time.sleep(1)
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
    )
    assert (answer["state"], answer["finalStatus"]) == ("FINISHED", "SUCCEEDED")
