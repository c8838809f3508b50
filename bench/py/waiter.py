# Our side's dask observer: imports dask while `tsdask-yarn submit` runs, then reads the
# scheduler address and, per line "N", waits until the scheduler has exactly N workers and prints
# the epoch ms it saw them. Asks the scheduler itself (run_on_scheduler), not the client's cache.
import sys
import time

from distributed import Client

addr = sys.stdin.readline().strip()
with Client(addr, timeout=120) as client:
    for line in sys.stdin:
        want = int(line)
        deadline = time.time() + 600
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.workers)) != want:
            if time.time() > deadline:
                sys.exit(f"scheduler did not reach {want} workers in 600 s")
            time.sleep(0.05)
        print(int(time.time() * 1000), flush=True)
