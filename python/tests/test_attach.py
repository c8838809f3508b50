"""Attaching: from_application_id() on a cluster started by the CLI (closing leaves it running),
and a script submitted with 'tsdask-yarn submit' that uses YarnCluster.from_current() to read its
own application id and scale itself."""

from __future__ import annotations

import json
import textwrap

import dask.array as da
from conftest import hdfs_exists, rm_report
from dask.distributed import Client

from tsdask_yarn import YarnCluster
from tsdask_yarn._cli import run_cli

SMALL = ["--worker-memory", "512 MiB", "--scheduler-memory", "512 MiB", "--max-attempts", "1"]


def test_from_application_id_leaves_the_cli_cluster_running(hadoop, environment, tag):
    started = run_cli(["submit", "--environment", environment, "--worker-count", "1", "--tags", tag, *SMALL])
    app_id = started["appId"]
    with YarnCluster.from_application_id(app_id) as cluster:
        assert cluster.application_id == app_id
        assert cluster.scheduler_address == started["schedulerAddress"]
        proxied = f"{hadoop['rmWeb']}/proxy/{app_id}/"
        assert cluster.proxied_dashboard_link == started["proxiedDashboardUrl"] == proxied
        with Client(cluster) as client:
            assert int(da.arange(1000, chunks=100).sum().compute()) == 499500
    assert rm_report(hadoop, app_id)["state"] == "RUNNING", "closing an attached cluster leaves it running"

    again = YarnCluster.from_application_id(app_id)
    report = again.shutdown()
    assert (report["state"], report["finalStatus"]) == ("FINISHED", "SUCCEEDED")
    assert not hdfs_exists(hadoop, started["stagingDir"])


SCRIPT = """
import json, os, sys
from dask.distributed import Client
from tsdask_yarn import YarnCluster

cluster = YarnCluster.from_current()
cluster.scale(2)
with Client(cluster) as client:
    client.wait_for_workers(2, timeout=120)
    seen = len(client.scheduler_info()["workers"])
    total = client.submit(sum, range(10)).result()
    containers = sorted(w["instanceId"] for w in cluster.workers())
    logs = cluster.logs()  # no CLI in the container: dask's own logs of scheduler and workers
print(json.dumps({"app_id": cluster.application_id, "workers": seen, "total": total, "containers": containers,
                  "logs": sorted(logs), "dashboard": cluster.dashboard_link}), flush=True)
cluster.close()
"""


def test_submitted_script_scales_itself_with_from_current(hadoop, environment, tag, tmp_path):
    script = tmp_path / "job.py"
    script.write_text(textwrap.dedent(SCRIPT))
    answer = run_cli(["submit", "--environment", environment, "--worker-count", "0", "--tags", tag, *SMALL, "--wait", str(script)], timeout=600)
    assert answer["finalStatus"] == "SUCCEEDED", answer
    # The script's stdout is in the client container's log, aggregated by YARN once the app ended.
    logs = _aggregated_stdout(hadoop, answer["appId"])
    line = next(json.loads(x) for x in logs.splitlines() if x.startswith("{\"app_id\""))
    assert line["app_id"] == answer["appId"]
    assert line["workers"] == 2 and line["total"] == 45
    assert line["containers"] == ["dask.worker_0", "dask.worker_1"]
    assert "Scheduler" in line["logs"] and len(line["logs"]) == 3, line["logs"]
    assert line["dashboard"].startswith("http://")


def _aggregated_stdout(hadoop, app_id: str, timeout: float = 90) -> str:
    """stdout of the application's containers, read with Hadoop's own `yarn logs` once aggregated."""
    import subprocess
    import time

    from conftest import ROOT

    deadline = time.monotonic() + timeout
    while True:
        r = subprocess.run(
            [str(ROOT / "cluster" / "hadoop"), "yarn", "logs", "-applicationId", app_id,
             # stdout and its rolled parts (rolled logs are on by default)
             "-log_files_pattern", r"^stdout(\.part-[0-9]+(\.open)?)?$"],
            capture_output=True, text=True, timeout=180,
        )
        if '{"app_id"' in r.stdout or time.monotonic() > deadline:
            return r.stdout
        time.sleep(3)
