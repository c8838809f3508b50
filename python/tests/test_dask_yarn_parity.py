"""dask-yarn's YarnCluster surface beyond the quickstart, on the real local Hadoop, each written
as a dask-yarn user writes it (only the import changed):

* ``deploy_mode="local"``: the scheduler runs in this process, two YARN workers connect back to
  it over the application's TLS, and a computation runs;
* a dask-yarn ``yarn.yaml`` in ``DASK_CONFIG`` decides the cluster's size, memory, worker class
  and worker options, while the arguments ``port``, ``dashboard_address`` and ``scheduler_options``
  reach the remote scheduler; ``application_client`` gives kv, containers, status and logs;
* ``from_specification`` with our spec as a dict, and ``skein_client`` warned about and ignored.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

import dask.array as da
from conftest import rm_report
from dask.distributed import Client

from tsdask_yarn import YarnCluster

MiB = 2**20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("", 0))
        return s.getsockname()[1]


def test_deploy_mode_local_scheduler_in_process_with_two_yarn_workers(hadoop, environment, tag):
    with YarnCluster(
        environment=environment,
        n_workers=2,
        worker_memory="512 MiB",
        deploy_mode="local",
        name=tag,
        tags=[tag],
        max_attempts=1,
        quiet=True,
    ) as cluster:
        app_id = cluster.application_id
        local = cluster._local_scheduler
        assert local is not None and cluster.deploy_mode == "local"
        # The scheduler is this process's, on TLS with the application's certificate.
        assert cluster.scheduler_address == local.address and local.address.startswith("tls://")
        assert cluster.dashboard_link.endswith(f":{local.services['dashboard'].port}/status")
        # YARN runs the workers only, and they found the scheduler through the AM's store.
        services = {s["name"] for s in cluster.application_client.status()["services"]}
        assert services == {"dask.worker"}
        assert cluster.application_client.kv["dask.scheduler"] == local.address.encode()
        with Client(cluster) as client:
            assert int(da.arange(2000, chunks=100).sum().compute()) == 1999000
            names = sorted(w["name"] for w in client.scheduler_info()["workers"].values())
            assert names == ["dask.worker_0", "dask.worker_1"]
            assert len(local.workers) == 2  # the very scheduler object in this process
    assert rm_report(hadoop, app_id)["finalStatus"] == "SUCCEEDED"


# Run as its own Python: dask reads DASK_CONFIG when it is imported, as for any user.
CONFIG_USER_SCRIPT = """
import json, sys, warnings
import dask.array as da
from dask.distributed import Client
from tsdask_yarn import YarnCluster

port, dashboard = int(sys.argv[1]), int(sys.argv[2])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    cluster = YarnCluster(
        port=port,
        dashboard_address=":%d" % dashboard,
        scheduler_options={"allowed_failures": 7},
        skein_client=object(),
        max_attempts=1,
        quiet=True,
    )
with cluster, Client(cluster) as client:
    workers = list(client.scheduler_info()["workers"].values())
    print(json.dumps({
        "warnings": [str(w.message) for w in caught],
        "app": cluster.application_id,
        "mode": cluster.deploy_mode,
        "address": cluster.scheduler_address,
        "dashboard": cluster.dashboard_link,
        "allowed_failures": client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.allowed_failures),
        "memory_limits": [w["memory_limit"] for w in workers],
        "resources": [w["resources"] for w in workers],
        "kinds": sorted(set(client.run(lambda dask_worker: type(dask_worker).__name__, nanny=False).values())),
        "sum": int(da.ones(1000, chunks=100).sum().compute()),
    }))
"""


def test_dask_yarn_config_and_scheduler_arguments_drive_a_remote_cluster(hadoop, environment, tag, tmp_path):
    (tmp_path / "yarn.yaml").write_text(
        textwrap.dedent(
            """
            yarn:
              environment: %s
              name: %s
              tags: [%s]
              scheduler: {memory: 640MiB}
              worker:
                count: 2
                memory: 768MiB
                worker_class: distributed.Worker
                worker_options: {resources: {FOO: 3}}
            """
            % (environment, tag, tag)
        )
    )
    (tmp_path / "user.py").write_text(CONFIG_USER_SCRIPT)
    port, dashboard = free_port(), free_port()
    env = dict(os.environ, DASK_CONFIG=str(tmp_path))
    done = subprocess.run(
        [sys.executable, str(tmp_path / "user.py"), str(port), str(dashboard)],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert any("skein_client" in w and "no Skein" in w for w in got["warnings"])
    assert got["mode"] == "remote"
    assert got["address"].startswith("tls://") and got["address"].endswith(f":{port}")
    assert f":{dashboard}" in got["dashboard"]
    assert rm_report(hadoop, got["app"])["name"] == tag  # yarn.name
    assert got["allowed_failures"] == 7  # scheduler_options
    assert got["memory_limits"] == [768 * MiB] * 2  # yarn.worker.count, yarn.worker.memory
    assert got["resources"] == [{"FOO": 3}] * 2  # yarn.worker.worker_options
    assert got["kinds"] == ["Worker"]  # yarn.worker.worker_class
    assert got["sum"] == 1000


def test_from_specification_takes_our_spec_as_a_dict(hadoop, environment, tag):
    spec = {
        "environment": environment,
        "name": tag,
        "tags": [tag],
        "max-attempts": 1,
        "scheduler": {"memory": "512 MiB"},
        "worker": {"count": 1, "memory": "512 MiB"},
    }
    with YarnCluster.from_specification(spec, quiet=True) as cluster, Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 1
        # The dict went to the CLI as a temporary YAML file, removed once submitted.
        spec_path = cluster._flags[cluster._flags.index("--spec") + 1]
        assert "tsdask-yarn-spec-" in spec_path and not os.path.exists(spec_path)
        assert rm_report(hadoop, cluster.application_id)["name"] == tag

        # application_client: dask-yarn's handle on the running application.
        app = cluster.application_client
        assert app.id == cluster.application_id
        assert app.kv.get("no.such.key") is None and "no.such.key" not in app.kv
        app.kv["user.flag"] = b"done"
        assert app.kv["user.flag"] == b"done" and app.kv.wait("user.flag", timeout=10) == b"done"
        assert app.kv["dask.scheduler"].decode() == cluster.scheduler_address
        assert [c["instanceId"] for c in app.get_containers(["dask.worker"])] == ["dask.worker_0"]
        assert [c["service"] for c in app.get_containers(["dask.scheduler"])] == ["dask.scheduler"]
        assert app.status()["application"]["id"] == cluster.application_id
        assert any("Scheduler at" in f["text"] for f in app.logs("dask.scheduler"))
