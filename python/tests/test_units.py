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
            "scheduler_memory": 1024,
            "worker_env": {"OMP_NUM_THREADS": "1", "A": "b=c"},
            "tags": ["x", "y"],
            "queue": None,
            "adaptive": (1, math.inf),
            "idle_timeout": "30m",
        }
    )
    assert flags == [
        "--environment", "env.tar.gz", "--worker-count", "4", "--worker-vcores", "2",
        "--worker-memory", "8GiB", "--scheduler-memory", "1024", "--idle-timeout", "30m",
        "--worker-env", "OMP_NUM_THREADS=1", "--worker-env", "A=b=c", "--tags", "x,y",
        "--adaptive", "1:100000",
    ]  # fmt: skip


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
