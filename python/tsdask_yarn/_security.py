"""The dask ``Security`` a YarnCluster's scheduler connection and Clients use.

Applications run with per-application mutual TLS by default: the scheduler listens on ``tls://``
and refuses a peer without a certificate from the application's own CA.

* From outside (the CLI path), the CLI hands out the CA, a client certificate and its key
  (``tsdask-yarn credentials APP --dir D``, files 0600 in a 0700 directory) and they become
  ``Security(tls_ca_file=..., tls_client_cert=..., tls_client_key=..., require_encryption=True)``.
* Inside the application's own containers (``from_current()``), the wrapper already put the same
  files into dask's configuration (``DASK_DISTRIBUTED__COMM__TLS__*``), so ``Security()`` reads them.
"""

from __future__ import annotations

from typing import Any

from distributed.security import Security

from ._errors import TsdaskYarnError


def security_for(scheduler_address: str, credentials: dict[str, Any] | None) -> Security:
    if not scheduler_address.startswith("tls://"):
        return Security()
    if credentials is not None:
        return Security(
            tls_ca_file=credentials["caFile"],
            tls_client_cert=credentials["certFile"],
            tls_client_key=credentials["keyFile"],
            require_encryption=True,
        )
    security = Security()  # dask's configuration, which the container's wrapper filled in
    if not security.tls_ca_file:
        raise TsdaskYarnError(
            "TLS_CREDENTIALS_MISSING",
            f"the scheduler at {scheduler_address} uses TLS, but dask's configuration names no CA file",
            "Inside the application's containers the wrapper sets DASK_DISTRIBUTED__COMM__TLS__*; outside, use "
            "YarnCluster.from_application_id(app_id), which fetches the credentials with 'tsdask-yarn credentials'.",
        )
    return security
