# Skein's side of the container scenarios: one skein service of N `sleep 600` instances (128 MiB,
# 1 vcore), the master at Skein's default size, submitted through Skein's own client (it starts
# the Java driver). Prints the application id and exits; the harness kills the application.
import sys

import skein

n = int(sys.argv[1])
spec = skein.ApplicationSpec(
    name="tsdask-bench-skein",
    queue="default",
    max_attempts=1,
    services={
        "sleeper": skein.Service(
            instances=n,
            resources=skein.Resources(memory=128, vcores=1),
            script="sleep 600",
        )
    },
)
with skein.Client() as client:
    print(client.submit(spec), flush=True)
