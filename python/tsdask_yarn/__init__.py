"""tsdask-yarn for Python: dask clusters on Hadoop YARN with dask-yarn's API.

    from tsdask_yarn import YarnCluster
    from dask.distributed import Client

    cluster = YarnCluster(environment="env.tar.gz", worker_vcores=2, worker_memory="8 GiB")
    cluster.scale(4)
    client = Client(cluster)
"""

from ._errors import TsdaskYarnError
from .core import YarnCluster

__version__ = "0.1.0"
__all__ = ["YarnCluster", "TsdaskYarnError", "__version__"]
