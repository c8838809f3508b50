"""Build hook: bundles the built TypeScript CLI (../dist: cli.js, its cli-chunks/, and the AM,
local AM and service bundles it ships to YARN, with anything else the build puts there) into
tsdask_yarn/_bundle, so an installed package runs without npm or a checkout: the CLI finds those
bundles beside itself.

Building from a checkout needs `npm run build` first (scripts/setup.sh and `npm run release` do
it). Building from an sdist uses the copy the sdist already carries. Without either the package
still builds; it then uses tsdask-yarn from PATH or npx.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: What the CLI needs at run time; the build hook refuses a half-built dist/.
BUNDLES = ("cli.js", "appmaster.js", "appmaster-local.js", "service.js")
CHUNKS = "cli-chunks"
#: Left out: source maps, and the TypeScript library (index.js + types/, for npm users only).
SKIP = shutil.ignore_patterns("*.map", "types", "index.js")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        dist = root.parent / "dist"
        target = root / "tsdask_yarn" / "_bundle"
        if all((dist / b).exists() for b in BUNDLES) and (dist / CHUNKS).is_dir():
            # A fresh copy: chunks of an older build (hashed names) must not linger.
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(dist, target, ignore=SKIP)
        elif not all((target / b).exists() for b in BUNDLES):
            self.app.display_warning(
                f"tsdask-yarn: no built CLI in {dist} (run 'npm run build'): the package will use "
                "tsdask-yarn from PATH or npx"
            )
