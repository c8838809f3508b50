#!/usr/bin/env bash
# npm test: sets up what is missing, starts the local Hadoop if it is not running, runs the
# static checks and every test (unit, integration, e2e), and stops the cluster if it started it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm run --silent lint

started=no
if ! cluster/hadoop status >/dev/null 2>&1; then
  cluster/hadoop up >&2
  started=yes
fi
# The secure suites share one secure cluster (test/support/secure-cluster.ts): the first starts
# it, none of them stops it, and this script stops it at the end.
export TSDASK_SECURE_KEEP=1
secure_down() {
  TSDASK_CLUSTER_DIR="${TSDASK_SECURE_CLUSTER_DIR:-${TMPDIR:-/tmp}/tsdask-secure-cluster}" \
    TSDASK_PORT_OFFSET="${TSDASK_SECURE_OFFSET:-2000}" cluster/hadoop down >&2 || true
}
stop() {
  secure_down
  [ "$started" = yes ] && cluster/hadoop down >&2 || true
}
trap stop EXIT
cluster/dask-env/build >/dev/null

# One run of node's test runner over all suites, files one at a time: integration tests
# share one cluster, and its closing summary is the verdict CI reads.
TEST_FLAGS=--test-concurrency=1 bash scripts/run-tests.sh test/unit test/integration test/e2e
