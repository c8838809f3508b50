"""Build hook: bundles the built TypeScript CLI (../dist/cli.js with the AM and service bundles it
ships to YARN) into tsdask_yarn/_bundle, so an installed package runs without npm.

Building from a checkout needs `npm run build` first (scripts/setup.sh does it). Building from an
sdist uses the copy the sdist already carries. Without either the package still builds; it then
uses tsdask-yarn from PATH or npx.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLES = ("cli.js", "appmaster.js", "appmaster-local.js", "service.js")
# The CLI's commands are chunks it loads on demand (dist/cli-chunks/, beside cli.js).
CHUNKS = "cli-chunks"


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        dist = root.parent / "dist"
        target = root / "tsdask_yarn" / "_bundle"
        if all((dist / b).exists() for b in BUNDLES) and (dist / CHUNKS).is_dir():
            target.mkdir(exist_ok=True)
            for b in BUNDLES:
                shutil.copy2(dist / b, target / b)
            shutil.rmtree(target / CHUNKS, ignore_errors=True)
            shutil.copytree(dist / CHUNKS, target / CHUNKS, ignore=shutil.ignore_patterns("*.map"))
        elif not all((target / b).exists() for b in BUNDLES):
            self.app.display_warning(
                f"tsdask-yarn: no built CLI in {dist} (run 'npm run build'): the package will use "
                "tsdask-yarn from PATH or npx"
            )
