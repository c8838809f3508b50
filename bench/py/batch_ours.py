# The trivial batch job for tsdask-yarn: an unchanged Client() finds the scheduler through
# DASK_SCHEDULER_ADDRESS, which the AM sets in the script's container.
from dask.distributed import Client

with Client() as client:
    assert client.submit(sum, [1, 2, 3]).result() == 6
