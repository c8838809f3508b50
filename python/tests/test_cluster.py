"""YarnCluster on the real local Hadoop: started from Python, a dask Client computes, scale(3) is
seen by the scheduler, adapt() in the AM retires down to its maximum, workers()/logs()/the widget
report the containers, and leaving the ``with`` block ends the application FINISHED/SUCCEEDED
with its staging directory removed."""

from __future__ import annotations

import asyncio
import os
import time
import urllib.request

import dask.array as da
import pytest
from conftest import hdfs_exists, rm_report
from dask.distributed import Client

from tsdask_yarn import TsdaskYarnError, YarnCluster

SMALL = dict(worker_memory="512 MiB", scheduler_memory="512 MiB", max_attempts=1)


def wait_for(what, probe, timeout=120):
    deadline = time.monotonic() + timeout
    while (value := probe()) is None or value is False:
        assert time.monotonic() < deadline, f"{what} within {timeout} s"
        time.sleep(1)
    return value


def test_start_compute_scale_adapt_close(hadoop, environment, tag):
    with YarnCluster(environment=environment, n_workers=2, name=tag, tags=[tag], quiet=True, **SMALL) as cluster:
        app_id = cluster.application_id
        staging = cluster._app.info.raw["stagingDir"]
        assert app_id.startswith("application_")
        # Per-application mutual TLS is the default: the package fetched the client credentials.
        assert cluster.scheduler_address.startswith("tls://")
        assert cluster.security.require_encryption
        client_key = cluster.security.tls_client_key
        assert os.path.isfile(client_key)
        assert cluster.dashboard_link.startswith("http://")
        assert hdfs_exists(hadoop, staging)
        # The tracking page through the RM proxy, whose dask section needs no websockets.
        assert cluster.proxied_dashboard_link == f"{hadoop['rmWeb']}/proxy/{app_id}/"
        with urllib.request.urlopen(cluster.proxied_dashboard_link, timeout=30) as r:
            assert '<section id="dask">' in r.read().decode()

        with Client(cluster) as client:
            assert int(da.arange(1000, chunks=100).sum().compute()) == 499500
            assert len(client.scheduler_info()["workers"]) == 2

            assert cluster.scale(3) == {"service": "dask.worker", "previous": 2, "desired": 3}
            client.wait_for_workers(3, timeout=120)
            names = sorted(w["name"] for w in client.scheduler_info()["workers"].values())
            assert names == ["dask.worker_0", "dask.worker_1", "dask.worker_2"]
            assert sorted(w["instanceId"] for w in cluster.workers()) == names

            logs = cluster.logs(scheduler=False)
            assert "dask.worker_0" in logs and "Start worker" in logs["dask.worker_0"]

            # This cluster is simple auth: there are no delegation tokens to refresh.
            with pytest.raises(TsdaskYarnError) as refused:
                cluster.refresh_credentials()
            assert refused.value.code == "CREDENTIALS_NOT_KERBEROS"
            assert "without Kerberos" in str(refused.value)

            html = cluster._repr_html_()
            assert "YarnCluster" in html and cluster.dashboard_link in html
            assert app_id in cluster._scaling_status()

            # Nothing to compute: the AM's adaptive loop retires down to the maximum.
            assert cluster.adapt(minimum=1, maximum=1) == {"service": "dask.worker", "minimum": 1, "maximum": 1}
            wait_for("the scheduler seeing 1 worker", lambda: len(client.scheduler_info()["workers"]) == 1)
            assert "Adaptive" in cluster._scaling_status()

    end = rm_report(hadoop, app_id)
    assert (end["state"], end["finalStatus"]) == ("FINISHED", "SUCCEEDED")
    assert not hdfs_exists(hadoop, staging), "staging directory removed"
    # The client's key and certificates were in a private temporary directory: gone with the app.
    assert not os.path.exists(os.path.dirname(os.path.dirname(client_key)))


def test_async_use(hadoop, environment, tag):
    async def main():
        async with YarnCluster(
            environment=environment, n_workers=1, tags=[tag], asynchronous=True, quiet=True, **SMALL
        ) as cluster:
            async with Client(cluster, asynchronous=True) as client:
                assert await client.submit(lambda x: x + 1, 10) == 11
                workers = await cluster.workers()
                assert [w["state"] for w in workers] == ["RUNNING"]
            return cluster.application_id

    app_id = asyncio.run(main())
    end = rm_report(hadoop, app_id)
    assert (end["state"], end["finalStatus"]) == ("FINISHED", "SUCCEEDED")
