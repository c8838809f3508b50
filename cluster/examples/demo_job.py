"""The demo's dask job: a reduction over a dask array whose result is known in advance.

Run it in the cluster (tsdask-yarn submit --wait demo_job.py): DASK_SCHEDULER_ADDRESS is set
there, so Client() connects to the application's scheduler. Or run it from here against a
long-running cluster: python demo_job.py tls://HOST:PORT, with the application's TLS files in
dask's configuration (see `tsdask-yarn credentials` and scripts/demo.sh). `--workers N` waits for N workers
first (a submitted job starts while its workers are still coming up); `--fail` raises after
computing, to show a failing job (its application ends FAILED).
"""
import sys

import dask.array as da
from dask.distributed import Client

N = 20_000_000
CHUNK = 1_000_000


def main(argv: list[str]) -> None:
    want = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 0
    args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--workers")]
    client = Client(args[0]) if args else Client()
    if want:
        client.wait_for_workers(want, timeout=300)
    workers = client.scheduler_info()["workers"]
    print(f"connected to {client.scheduler.address} with {len(workers)} workers", flush=True)
    # 0 + 1 + ... + (N-1), computed in N/CHUNK tasks spread over the workers.
    total = int(da.arange(N, chunks=CHUNK, dtype="int64").sum().compute())
    expected = N * (N - 1) // 2
    print(f"sum = {total} (expected {expected})", flush=True)
    if total != expected:
        raise SystemExit("wrong result")
    if "--fail" in argv:
        raise RuntimeError("failing on purpose (--fail)")
    client.close()


if __name__ == "__main__":
    main(sys.argv[1:])
