"""The dask ``Security`` a YarnCluster's scheduler connection and Clients use.

Today the scheduler of an application listens on plain ``tcp://``, and this returns
``Security()`` (no TLS). This module is the one place where per-application TLS plugs in: when
the CLI's --json answer names a ``tls://`` scheduler, the CA, certificate and key the CLI hands
out (``tsdask-yarn credentials APP --dir D``) become ``Security(tls_ca_file=..., tls_client_cert=...,
tls_client_key=..., require_encryption=True)`` here, and nothing else in the package changes.
"""

from __future__ import annotations

from typing import Any

from distributed.security import Security

from ._errors import TsdaskYarnError


def security_for(scheduler_address: str, cli_answer: dict[str, Any] | None) -> Security:
    if scheduler_address.startswith("tls://"):
        raise TsdaskYarnError(
            "TLS_NOT_SUPPORTED",
            f"the scheduler at {scheduler_address} uses TLS, which this version of the Python package cannot set up",
            "Upgrade tsdask-yarn (pip install -U tsdask-yarn).",
        )
    return Security()
