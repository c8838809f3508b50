"""tsdask-yarn for Python: dask clusters on Hadoop YARN with dask-yarn's API.

    from tsdask_yarn import YarnCluster
    from dask.distributed import Client

    cluster = YarnCluster(environment="env.tar.gz", worker_vcores=2, worker_memory="8 GiB")
    cluster.scale(4)
    client = Client(cluster)
"""

from importlib.metadata import PackageNotFoundError, version

from ._errors import TsdaskYarnError
from .core import YarnCluster

try:
    # Written once, in the repository's package.json: the build reads it from there.
    __version__ = version("tsdask-yarn")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
__all__ = ["YarnCluster", "TsdaskYarnError", "__version__"]
