# The peer's side: dask-yarn's YarnCluster as its docs show it, with the same container sizes as
# ours. Prints "<event> <epoch ms>" when the scheduler has exactly N workers: "up" after start,
# then (with --scale) "up8" after scale(8) and "down2" after scale(2).
import argparse
import time

from dask.distributed import Client
from dask_yarn import YarnCluster

p = argparse.ArgumentParser()
p.add_argument("--environment", required=True)
p.add_argument("--workers", type=int, required=True)
p.add_argument("--scale", action="store_true")
a = p.parse_args()


def wait_for(client, want, event):
    deadline = time.time() + 600
    while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.workers)) != want:
        if time.time() > deadline:
            raise SystemExit(f"scheduler did not reach {want} workers in 600 s")
        time.sleep(0.05)
    print(event, int(time.time() * 1000), flush=True)


cluster = YarnCluster(
    environment=a.environment,
    n_workers=a.workers,
    worker_vcores=1,
    worker_memory="512 MiB",
    scheduler_vcores=1,
    scheduler_memory="512 MiB",
    deploy_mode="remote",
    name="tsdask-bench-dask-yarn",
)
try:
    with Client(cluster) as client:
        wait_for(client, a.workers, "up")
        if a.scale:
            cluster.scale(8)
            wait_for(client, 8, "up8")
            cluster.scale(2)
            wait_for(client, 2, "down2")
finally:
    cluster.shutdown()
