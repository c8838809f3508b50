"""SIGINT to the Python process (``kill -INT``: only Python gets it, not the CLI it runs) while
``YarnCluster(...)`` starts: the submit under way is interrupted, kills the application and removes
its staging directory, and only then does the caller get KeyboardInterrupt."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from conftest import hdfs_exists, rm_report

from tsdask_yarn._cli import run_cli

USER_SCRIPT = """
import sys
from tsdask_yarn import YarnCluster
try:
    YarnCluster(environment=sys.argv[1], n_workers=1, worker_memory="512 MiB", scheduler_memory="512 MiB",
                tags=[sys.argv[2]], max_attempts=1, quiet=True)
    print("STARTED")
except KeyboardInterrupt:
    print("KEYBOARD-INTERRUPT", flush=True)
"""


def test_sigint_during_the_constructor_cleans_up_and_raises_keyboard_interrupt(hadoop, environment, tag, tmp_path):
    script = tmp_path / "user.py"
    script.write_text(USER_SCRIPT)
    child = subprocess.Popen(
        [sys.executable, str(script), environment, tag], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # Interrupt once YARN has the application: there is something to clean up.
    deadline = time.monotonic() + 300
    apps: list = []
    while not apps and child.poll() is None:
        assert time.monotonic() < deadline, "the application was submitted within 300 s"
        time.sleep(0.5)
        apps = run_cli(["list", "--tags", tag])
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=300)
    assert "KEYBOARD-INTERRUPT" in out and "STARTED" not in out, err[-3000:]
    app_id = apps[0]["id"]
    report = rm_report(hadoop, app_id)
    assert report["state"] in ("KILLED", "FINISHED", "FAILED"), report["state"]
    assert not hdfs_exists(hadoop, f"/user/{hadoop['user']}/.tsdask-yarn/apps/{app_id}"), "staging removed"
