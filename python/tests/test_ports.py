"""Fixed ports: a worker port range too small for the workers one node holds is refused at submit,
from Python, before anything reaches YARN. (Ports taken from their ranges on a running cluster,
the first ones held open by the test: test_dask_ctl.py, which shares its application.)"""

from __future__ import annotations

import pytest

from tsdask_yarn import TsdaskYarnError, YarnCluster
from tsdask_yarn._cli import run_cli

SMALL = dict(worker_memory="512 MiB", scheduler_memory="512 MiB", max_attempts=1, quiet=True)


def test_a_worker_range_smaller_than_a_node_holds_is_refused_before_anything_is_submitted(hadoop, environment, tag):
    with pytest.raises(TsdaskYarnError) as e:
        YarnCluster(environment=environment, n_workers=1, worker_port="9000-9001", tags=[tag], **SMALL)
    assert e.value.code == "PORT_RANGE_TOO_SMALL" and e.value.exit_code == 2
    assert "worker.port 9000-9001 holds 2 ports" in e.value.message
    assert run_cli(["list", "--all", "--tags", tag]) == []  # never reached the ResourceManager
