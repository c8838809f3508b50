"""The ``tsdask-yarn`` console command of the Python package: the CLI bundled into the wheel
(``_bundle/cli.js``), run on the Node.js ``_node.find_node`` picks. Everything else — arguments,
output, exit codes, signals — is the CLI's own: on POSIX this process becomes node (exec).
"""

from __future__ import annotations

import os
import subprocess
import sys

from ._errors import TsdaskYarnError
from ._node import find_node
from ._cli import BUNDLE_DIR


def main() -> None:
    cli = BUNDLE_DIR / "cli.js"
    try:
        if not cli.is_file():
            raise TsdaskYarnError(
                "CLI_NOT_FOUND",
                f"this installation of tsdask-yarn has no bundled CLI ({cli} is missing)",
                "Install a release wheel ('npm run release' builds one), or build the checkout first "
                "('npm run build', then pip install ./python).",
                2,
            )
        node = find_node()
    except TsdaskYarnError as e:
        sys.stderr.write(f"error: {e.message}\n")
        if e.hint:
            sys.stderr.write(f"hint: {e.hint}\n")
        sys.exit(e.exit_code or 2)
    argv = [node, str(cli), *sys.argv[1:]]
    if os.name == "posix":
        sys.stdout.flush()
        os.execv(node, argv)
    sys.exit(subprocess.call(argv))


if __name__ == "__main__":
    main()
