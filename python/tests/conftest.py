"""Fixtures for the tests against the real local Hadoop (cluster/hadoop up) of the checkout.

The cluster is read from its state file ($TSDASK_CLUSTER_DIR/run/state.json); the packed
environment is the one python/scripts/build-env made (dask + this package), passed in
TSDASK_PY_ENV_ARCHIVE by scripts/test.sh or found beside the running interpreter.
"""

from __future__ import annotations

import json
import os
import random
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tsdask_yarn._cli import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _state() -> dict:
    work = Path(os.environ.get("TSDASK_CLUSTER_DIR") or ROOT / "cluster" / ".work")
    try:
        return json.loads((work / "run" / "state.json").read_text())
    except OSError:
        pytest.exit("the local Hadoop is not running: start it with 'cluster/hadoop up'", returncode=2)


@pytest.fixture(scope="session")
def hadoop(tmp_path_factory) -> dict:
    """The cluster's addresses; HADOOP_CONF_DIR set, no personal config or TSDASK_YARN_* vars."""
    state = _state()
    os.environ["HADOOP_CONF_DIR"] = state["confDir"]
    os.environ["HADOOP_USER_NAME"] = state["user"]
    os.environ["HOME"] = str(tmp_path_factory.mktemp("home"))
    for k in [k for k in os.environ if k.startswith("TSDASK_YARN_")]:
        del os.environ[k]
    return state


@pytest.fixture(scope="session")
def environment() -> str:
    archive = os.environ.get("TSDASK_PY_ENV_ARCHIVE") or str(Path(sys.prefix).parent / "environment.tar.gz")
    if not Path(archive).exists():
        pytest.exit(f"no packed environment at {archive}: run python/scripts/build-env", returncode=2)
    return archive


@pytest.fixture
def tag(request) -> str:
    """A YARN tag per test; whatever still runs with it afterwards is killed."""
    name = f"tsdask-py-{os.getpid()}-{request.node.name[:40]}".lower().replace("_", "-")
    yield name
    for app in run_cli(["list", "--tags", name]):
        run_cli(["kill", app["id"]])


def rm_report(hadoop: dict, app_id: str) -> dict:
    with urllib.request.urlopen(f"{hadoop['rmWeb']}/ws/v1/cluster/apps/{app_id}", timeout=10) as r:
        return json.load(r)["app"]


def hdfs_exists(hadoop: dict, path: str) -> bool:
    url = f"{hadoop['nnWeb']}/webhdfs/v1{path}?op=GETFILESTATUS&user.name={hadoop['user']}"
    try:
        with urllib.request.urlopen(url, timeout=10):
            return True
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("", port))
            return True
        except OSError:
            return False


def free_run(length: int) -> int:
    """The first port of ``length`` consecutive ports that are free now."""
    for _ in range(200):
        first = random.randrange(20000, 30000)
        if all(_free(p) for p in range(first, first + length)):
            return first
    raise AssertionError(f"no {length} consecutive free ports found")


def hold(port: int) -> socket.socket:
    """A listening socket on every interface: the scheduler cannot bind the port on any."""
    s = socket.socket()
    s.bind(("", port))
    s.listen()
    return s
