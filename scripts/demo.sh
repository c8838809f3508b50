#!/usr/bin/env bash
# npm run demo: on a fresh machine, sets everything up, brings up the local Hadoop
# (HDFS + YARN as separate JVMs), packs the dask environment, and shows the cluster healthy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cluster/hadoop up
env_archive="$(cluster/dask-env/build)"
echo
cluster/hadoop status
echo
echo "dask environment: $env_archive ($(du -h "$env_archive" | cut -f1))"
eval "$(cluster/hadoop env)"
echo "ResourceManager UI: $TSDASK_RM_WEB   NameNode UI: $TSDASK_NN_WEB"
echo "The cluster keeps running; stop it with: cluster/hadoop down"
