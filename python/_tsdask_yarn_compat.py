"""Lets dask-ctl 2024.1.0 (its latest release) import on today's distributed.

dask-ctl's ``dask_ctl/utils.py`` imports ``install_signal_handlers`` from ``distributed.cli.utils``,
which distributed has since removed, so ``dask cluster ...`` and dask-ctl's discovery of our
clusters fail at import. This module is run at interpreter start by ``tsdask_yarn_compat.pth``
and costs nothing until then: a meta-path hook that, only when ``dask_ctl.utils`` is first
imported, puts back a minimal ``install_signal_handlers`` (SIGINT/SIGTERM stop the given loop) if
distributed lacks it. Nothing else is changed; with a dask-ctl that no longer needs it, it does
nothing.
"""

from __future__ import annotations

import signal
import sys


def install_signal_handlers(loop=None, cleanup=None):
    """distributed's former helper: SIGINT or SIGTERM stops ``loop``; a second signal acts as usual."""
    from tornado.ioloop import IOLoop

    loop = loop or IOLoop.current()
    previous = {}

    def handle(sig, frame):
        signal.signal(sig, previous[sig])
        loop.asyncio_loop.call_soon_threadsafe(loop.stop)

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handle)


class _DaskCtlUtilsHook:
    """Acts once, when dask_ctl.utils is imported; finds nothing itself."""

    def find_spec(self, name, path=None, target=None):
        if name == "dask_ctl.utils":
            sys.meta_path.remove(self)
            import distributed.cli.utils as utils

            if not hasattr(utils, "install_signal_handlers"):
                utils.install_signal_handlers = install_signal_handlers
        return None


if not any(isinstance(h, _DaskCtlUtilsHook) for h in sys.meta_path):
    sys.meta_path.insert(0, _DaskCtlUtilsHook())
