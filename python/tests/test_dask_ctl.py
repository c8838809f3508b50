"""dask-ctl on the real local Hadoop, through its own ``dask cluster`` commands: a cluster started
with ``tsdask-yarn submit`` (long-running, no Python holding it) is listed by ``dask cluster
list`` (our ``dask_cluster_discovery`` entry point), is a full distributed ``Cluster`` from
``YarnCluster.from_name`` (what the JupyterLab extension shows), is scaled by ``dask cluster
scale`` and ended, staging removed, by ``dask cluster delete``.

The same application shows fixed ports in remote mode: its scheduler and dashboard have port
ranges whose first port this test holds open, so each takes the next one of its range, and its
workers take theirs from a range of their own. One application for all of it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import free_run, hdfs_exists, hold, rm_report

from tsdask_yarn import YarnCluster
from tsdask_yarn._cli import run_cli

DASK = str(Path(sys.executable).parent / "dask")


def dask_cluster(*args: str, timeout: float = 300) -> str:
    # A wide console: rich would otherwise cut the application id in the table.
    env = dict(os.environ, COLUMNS="300", TERM="dumb")
    done = subprocess.run([DASK, "cluster", *args], capture_output=True, text=True, timeout=timeout, env=env)
    assert done.returncode == 0, f"dask cluster {' '.join(args)}: {done.stdout[-2000:]} {done.stderr[-3000:]}"
    return done.stdout


def running_workers(app_id: str) -> int:
    services = run_cli(["status", app_id])["am"]["services"]
    worker = next(s for s in services if s["name"] == "dask.worker")
    return sum(1 for c in worker["containers"] if c["state"] == "RUNNING")


def test_fixed_ports_then_dask_cluster_list_scale_delete(hadoop, environment, tag):
    first = free_run(5)  # scheduler: first..first+2, dashboard: first+3..first+4
    workers = free_run(300)  # more than the 512-MiB workers any test NodeManager holds
    held = [hold(first), hold(first + 3)]
    try:
        answer = run_cli(
            ["submit", "--environment", environment, "--worker-count", "1", "--worker-memory", "512 MiB",
             "--scheduler-memory", "512 MiB", "--max-attempts", "1", "--tags", tag, "--timeout", "300s",
             "--scheduler-port", f"{first}-{first + 2}", "--dashboard-address", f":{first + 3}-{first + 4}",
             "--worker-port", f"{workers}-{workers + 299}"],
            timeout=420,
        )  # fmt: skip
    finally:
        for s in held:
            s.close()
    app_id, staging = answer["appId"], answer["stagingDir"]
    assert answer["schedulerAddress"].endswith(f":{first + 1}"), answer["schedulerAddress"]
    assert answer["dashboardUrl"].rstrip("/").endswith(f":{first + 4}"), answer["dashboardUrl"]

    listed = dask_cluster("list")
    row = next((line for line in listed.splitlines() if app_id in line), None)
    assert row is not None, listed
    assert "YarnCluster" in row and "tsdask_yarn" in row and "Running" in row

    # What dask-ctl and the JupyterLab extension build from the name: a distributed Cluster.
    cluster = YarnCluster.from_name(app_id)
    try:
        assert cluster.name == app_id and cluster.scheduler_address.startswith("tls://")
        assert len(cluster.scheduler_info["workers"]) == 1
        [worker] = cluster.scheduler_info["workers"]
        assert workers <= int(worker.rsplit(":", 1)[1]) < workers + 300, worker
        assert app_id in cluster._repr_html_() and cluster.dashboard_link in cluster._repr_html_()
        logs = cluster.get_logs(cluster=False, workers=False)
        assert "Scheduler at" in logs["Scheduler"]
    finally:
        cluster._shutdown_on_close = False  # only this handle goes; delete below ends the app
        cluster.close()

    out = dask_cluster("scale", app_id, "2")
    assert "Scaled cluster" in out and running_workers(app_id) == 2

    dask_cluster("delete", app_id)
    report = rm_report(hadoop, app_id)
    assert (report["state"], report["finalStatus"]) == ("FINISHED", "SUCCEEDED")
    deadline = time.monotonic() + 60
    while hdfs_exists(hadoop, staging):
        assert time.monotonic() < deadline, f"{staging} removed within 60 s"
        time.sleep(1)
