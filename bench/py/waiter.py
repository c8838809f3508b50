# Our side's dask observer: imports dask while `tsdask-yarn submit` runs, then reads the
# scheduler address and, per line "N", waits until the scheduler has exactly N workers and prints
# the epoch ms it saw them. Asks the scheduler itself (run_on_scheduler), not the client's cache.
# The second line is the directory `tsdask-yarn credentials` wrote the application's TLS files to
# (mutual TLS is on by default), or empty for a --no-tls application.
import os
import sys
import time

from distributed import Client, Security

addr = sys.stdin.readline().strip()
creds = sys.stdin.readline().strip()
security = (
    Security(
        tls_ca_file=os.path.join(creds, "ca.pem"),
        tls_client_cert=os.path.join(creds, "cert.pem"),
        tls_client_key=os.path.join(creds, "key.pem"),
        require_encryption=True,
    )
    if creds
    else None
)
with Client(addr, timeout=120, security=security) as client:
    for line in sys.stdin:
        want = int(line)
        deadline = time.time() + 600
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.workers)) != want:
            if time.time() > deadline:
                sys.exit(f"scheduler did not reach {want} workers in 600 s")
            time.sleep(0.05)
        print(int(time.time() * 1000), flush=True)
