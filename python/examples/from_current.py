# dask-yarn's "Submitting an Application" (docs/source/submit.rst): a script run by
# `tsdask-yarn submit --environment my_env.tar.gz --worker-count 8 ... myscript.py` gets its cluster
# with YarnCluster.from_current() instead of the constructor. Only the import line is changed.
from tsdask_yarn import YarnCluster
from dask.distributed import Client
import dask.array as da

# Connect to the cluster the script runs in
cluster = YarnCluster.from_current()
client = Client(cluster)

# Do some work
array = da.ones((100, 100, 100), chunks=(50, 50, 50))
print(array.mean().compute())  # Should print 1.0
