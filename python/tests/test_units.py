"""Pure parts: constructor arguments → CLI flags, and the CLI's --json answers → values/errors.
Plus bad input through the real CLI: the CLI's code, message and exit code reach Python."""

from __future__ import annotations

import math

import pytest

from tsdask_yarn import TsdaskYarnError, YarnCluster
from tsdask_yarn._cli import _answer
from tsdask_yarn._options import adaptive_flag, submit_flags


def test_dask_yarn_arguments_become_submit_flags():
    flags = submit_flags(
        {
            "environment": "env.tar.gz",
            "n_workers": 4,
            "worker_vcores": 2,
            "worker_memory": "8GiB",
            "scheduler_memory": 1024 * 2**20,
            "worker_env": {"OMP_NUM_THREADS": "1", "A": "b=c"},
            "tags": ["x", "y"],
            "queue": None,
            "adaptive": (1, math.inf),
            "idle_timeout": "30m",
        }
    )
    assert flags == [
        "--environment", "env.tar.gz", "--worker-count", "4", "--worker-vcores", "2",
        "--worker-memory", "8GiB", "--scheduler-memory", "1024 MiB", "--idle-timeout", "30m",
        "--worker-env", "OMP_NUM_THREADS=1", "--worker-env", "A=b=c", "--tags", "x,y",
        "--adaptive", "1:100000",
    ]  # fmt: skip


def test_gpu_arguments_per_role_become_their_flags():
    flags = submit_flags({"worker_gpus": 2, "scheduler_gpus": 1, "n_workers": 1})
    pairs = list(zip(flags[::2], flags[1::2]))
    assert ("--worker-gpus", "2") in pairs and ("--scheduler-gpus", "1") in pairs
    assert submit_flags({"worker_gpus": None}) == []  # unset: the CLI's config and defaults decide


def test_adaptive_forms():
    assert adaptive_flag((2, 10)) == adaptive_flag({"minimum": 2, "maximum": 10}) == "2:10"
    assert adaptive_flag("0:5") == "0:5"
    with pytest.raises(TsdaskYarnError) as e:
        adaptive_flag(3)
    assert e.value.code == "USAGE"


def test_cli_answers():
    assert _answer(["status"], 0, '{\n  "a": 1\n}\n', "") == {"a": 1}
    with pytest.raises(TsdaskYarnError) as e:
        _answer(["scale"], 2, '{"error": {"code": "USAGE", "message": "bad", "hint": "do x"}}\n', "error: bad")
    assert (e.value.code, e.value.message, e.value.hint, e.value.exit_code) == ("USAGE", "bad", "do x", 2)
    with pytest.raises(TsdaskYarnError) as e:
        _answer(["kill"], 1, "", "boom\n")
    assert e.value.code == "CLI_FAILED" and "boom" in str(e.value)


def test_bad_memory_is_the_clis_spec_error(hadoop, environment):
    with pytest.raises(TsdaskYarnError) as e:
        YarnCluster(environment=environment, worker_memory="lots", quiet=True)
    assert e.value.exit_code == 2 and e.value.code.startswith("SPEC_")
    assert "--worker-memory" in e.value.message


def test_from_current_outside_a_container_says_where_it_works(monkeypatch):
    monkeypatch.delenv("TSDASK_CONTROL_URL", raising=False)
    with pytest.raises(TsdaskYarnError) as e:
        YarnCluster.from_current()
    assert e.value.code == "NOT_IN_CONTAINER" and "from_application_id" in str(e.value)


def test_dask_yarn_config_keys_fill_only_unset_arguments():
    import dask.config

    from tsdask_yarn._dask_config import resolve

    with dask.config.set({"yarn.worker.memory": "3GiB", "yarn.worker.count": 4, "yarn.deploy-mode": "local", "yarn.user": ""}):
        got = resolve({"worker_memory": None, "n_workers": 2, "deploy_mode": None, "user": None})
    # An argument wins over the key; '' for yarn.user means the current user (unset), as in dask-yarn.
    assert got == {"worker_memory": "3GiB", "n_workers": 2, "deploy_mode": "local", "user": None, "spec": None}
    with dask.config.set({"yarn.specification": "/x/spec.yaml", "yarn.worker.memory": "3GiB"}):
        got = resolve({"worker_memory": None, "spec": None})
    assert got == {"worker_memory": None, "spec": "/x/spec.yaml"}  # a specification replaces the other keys


def test_dask_yarns_own_shipped_defaults_count_as_unset(monkeypatch):
    import dask.config

    from tsdask_yarn._dask_config import user_setting

    shipped = {"yarn": {"worker": {"memory": "2GiB", "count": 0}, "deploy-mode": "remote"}}
    monkeypatch.setattr(dask.config, "defaults", [*dask.config.defaults, shipped])
    with dask.config.set(shipped):
        assert user_setting("yarn.worker.memory") is None and user_setting("yarn.deploy-mode") is None
    with dask.config.set({"yarn.worker.memory": "6GiB"}):
        assert user_setting("yarn.worker.memory") == "6GiB"


def test_memory_numbers_are_bytes_as_in_dask_yarn():
    assert submit_flags({"worker_memory": 3 * 2**30 + 1}) == ["--worker-memory", "3073 MiB"]
    with pytest.raises(TsdaskYarnError) as e:
        submit_flags({"worker_memory": 4096})
    assert e.value.code == "USAGE" and "bytes" in e.value.message


def test_deploy_mode_local_keeps_scheduler_arguments_in_process():
    remote = submit_flags({"deploy_mode": "remote", "port": 8786, "dashboard_address": ":8787", "host": "h",
                           "scheduler_options": {"a": 1}, "worker_class": "distributed.Worker",
                           "worker_options": {"resources": {"GPU": 1}}})  # fmt: skip
    assert remote == [
        "--worker-class", "distributed.Worker", "--deploy-mode", "remote", "--scheduler-host", "h",
        "--scheduler-port", "8786", "--dashboard-address", ":8787",
        "--worker-options", '{"resources": {"GPU": 1}}', "--scheduler-options", '{"a": 1}',
    ]  # fmt: skip
    local = submit_flags({"deploy_mode": "local", "port": 8786, "scheduler_options": {"a": 1}})
    assert local == ["--deploy-mode", "local"]


def test_bad_deploy_mode_is_dask_yarns_value_error():
    with pytest.raises(ValueError, match="deploy_mode"):
        YarnCluster(deploy_mode="cloud")


def test_node_labels_per_role_become_their_flags():
    flags = submit_flags({"node_label": "cpu", "scheduler_node_label": "edge", "worker_node_label": "gpu"})
    assert flags == ["--node-label", "cpu", "--scheduler-node-label", "edge", "--worker-node-label", "gpu"]


def test_placement_lists_and_port_ranges_per_role_become_their_flags():
    flags = submit_flags({"scheduler_nodes": ["n1", "n2"], "worker_racks": "/r1", "port": "8786-8790",
                          "dashboard_address": ":8787-8790", "worker_port": "9000-9099", "nanny_port": 9100})  # fmt: skip
    assert flags == [
        "--worker-port", "9000-9099", "--nanny-port", "9100", "--scheduler-port", "8786-8790",
        "--dashboard-address", ":8787-8790", "--scheduler-nodes", "n1,n2", "--worker-racks", "/r1",
    ]  # fmt: skip


def test_local_scheduler_port_ranges_are_tried_in_order():
    from tsdask_yarn._local import dashboard_candidates, port_candidates

    assert port_candidates(None) == [0] and port_candidates(8786) == [8786]
    assert port_candidates("8786-8788") == port_candidates("8786:8788") == [8786, 8787, 8788]
    assert dashboard_candidates(":8787-8788") == [":8787", ":8788"]
    assert dashboard_candidates("h:8787") == ["h:8787"] and dashboard_candidates(None) == [":0"]
