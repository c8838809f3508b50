# The worker-start options' observer (bench/scenarios/worker-options.ts). Reads the scheduler
# address, the TLS files' directory and the worker count N, like waiter.py, then prints one JSON
# line per step:
#   {"registered": epoch_ms}                   N workers registered
#   {"memory": [...]}                          per worker container: MiB of its python processes
#                                              and of all its processes (our runner included)
#   {"restart_ms": ms | null, "restart": what} client.restart(), until N workers are back
#   {"kill_ms": ms | null, "kill": what}       a task allocating past the worker's memory limit,
#                                              until N workers are back; what happened to the task
import json
import os
import sys
import time

from distributed import Client, Security

addr = sys.stdin.readline().strip()
creds = sys.stdin.readline().strip()
n = int(sys.stdin.readline())
security = Security(
    tls_ca_file=os.path.join(creds, "ca.pem"),
    tls_client_cert=os.path.join(creds, "cert.pem"),
    tls_client_key=os.path.join(creds, "key.pem"),
    require_encryption=True,
)


def emit(**kw):
    print(json.dumps(kw), flush=True)


def until_workers(client, want, seconds=600):
    deadline = time.time() + seconds
    while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.workers)) != want:
        if time.time() > deadline:
            return False
        time.sleep(0.05)
    return True


def container_memory():
    # Every process whose working directory is this container's (the NM names it after the id).
    here = os.getcwd()
    py = total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{pid}/cwd") != here:
                continue
            with open(f"/proc/{pid}/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
            total += rss
            if "python" in os.path.basename(os.readlink(f"/proc/{pid}/exe")):
                py += rss
        except (OSError, StopIteration):
            pass
    return {"python_mib": round(py / 1024, 1), "total_mib": round(total / 1024, 1)}


def hog(mib):
    block = bytearray(mib * 2**20)
    for i in range(0, len(block), 4096):
        block[i] = 1
    time.sleep(30)
    return len(block)


with Client(addr, timeout=120, security=security) as client:
    if not until_workers(client, n):
        sys.exit(f"scheduler did not reach {n} workers in 600 s")
    emit(registered=int(time.time() * 1000))
    emit(memory=list(client.run(container_memory).values()))
    t = time.time()
    try:
        client.restart(timeout=120)
        what = "restarted"
    except Exception as e:  # noqa: BLE001 - the outcome is the figure
        what = f"{type(e).__name__}: {str(e)[:200]}"
    back = until_workers(client, n, 120)
    emit(restart_ms=int((time.time() - t) * 1000) if back else None, restart=what)
    if not back:
        emit(kill_ms=None, kill=f"not tried: {n} workers did not come back after the restart")
        sys.exit(0)
    t = time.time()
    future = client.submit(hog, int(sys.argv[1]), pure=False, retries=0)
    try:
        future.result(timeout=180)
        what = "task finished (no kill)"
    except Exception as e:  # noqa: BLE001
        what = f"{type(e).__name__}: {str(e)[:200]}"
    back = until_workers(client, n, 180)
    emit(kill_ms=int((time.time() - t) * 1000) if back else None, kill=what)
