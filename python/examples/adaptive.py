# dask-yarn's adaptive scaling usage (docs: "cluster.adapt(...)" on a YarnCluster), with only the
# import line changed. In tsdask-yarn the ApplicationMaster does the adapting.
from tsdask_yarn import YarnCluster
from dask.distributed import Client

# Create a cluster where each worker has two cores and eight GiB of memory
cluster = YarnCluster(environment='environment.tar.gz',
                      worker_vcores=2,
                      worker_memory="8GiB")
# Adaptively scale between 2 and 10 workers, based on load
cluster.adapt(minimum=2, maximum=10)

# Connect to the cluster
client = Client(cluster)
