# The trivial batch job for `dask-yarn submit`: the script connects the way dask-yarn's docs say
# (YarnCluster.from_current() inside the submitted application).
from dask.distributed import Client
from dask_yarn import YarnCluster

with YarnCluster.from_current() as cluster, Client(cluster) as client:
    assert client.submit(sum, [1, 2, 3]).result() == 6
