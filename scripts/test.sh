#!/usr/bin/env bash
# npm test: sets up what is missing, starts the local Hadoop if it is not running, runs the
# static checks and every test (unit, integration, e2e), and stops the cluster if it started it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run --silent typecheck
npm run --silent lint

cluster/dask-env/build >/dev/null

# Local mode (submit --local, test/e2e/local) needs no Hadoop: its suite runs first, before this
# script starts the cluster, with HADOOP_CONF_DIR empty, as on a CI runner without one.
local_rc=0
HADOOP_CONF_DIR= TEST_FLAGS=--test-concurrency=1 bash scripts/run-tests.sh test/e2e/local || local_rc=$?

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
# The fault suites (test/e2e/faults, test/e2e/cli/rm-restart.test.ts) and the ACL suite
# (test/e2e/cli/session-user.test.ts) share one throw-away two-NodeManager cluster the same way.
export TSDASK_FAULT_KEEP=1
faults_down() {
  TSDASK_CLUSTER_DIR="${TSDASK_FAULT_CLUSTER_DIR:-cluster/.work-faults}" \
    TSDASK_PORT_OFFSET="${TSDASK_FAULT_OFFSET:-14000}" cluster/hadoop down >&2 || true
}
# The Hadoop 3.3.6 suite (test/e2e/compat) stops and deletes its own cluster; this only catches a
# run that died before its after() hook.
compat_down() {
  local dir="${TSDASK_COMPAT_CLUSTER_DIR:-${TMPDIR:-/tmp}/tsdask-compat-3.3.6}"
  [ -d "$dir" ] || return 0
  TSDASK_CLUSTER_DIR="$dir" TSDASK_HADOOP_VERSION=3.3.6 \
    TSDASK_PORT_OFFSET="${TSDASK_COMPAT_OFFSET:-4000}" cluster/hadoop down >&2 || true
}
# The token-lifetime suite (test/e2e/secure/tokens.test.ts: 60 s tokens) stops its own secure
# cluster too; this catches a run that died before its after() hook.
tokens_down() {
  local dir="${TSDASK_TOKENS_CLUSTER_DIR:-/tmp/tsdask-tokens-cluster}"
  [ -d "$dir" ] || return 0
  TSDASK_CLUSTER_DIR="$dir" TSDASK_PORT_OFFSET="${TSDASK_TOKENS_OFFSET:-6000}" cluster/hadoop down >&2 || true
}
stop() {
  compat_down
  tokens_down
  faults_down
  secure_down
  [ "$started" = yes ] && cluster/hadoop down >&2 || true
}
trap stop EXIT

# One run of node's test runner over the cluster suites, files one at a time: integration tests
# share one cluster. CI's verdict is this script's exit code: non-zero when any suite failed
# (local mode's, these, or pytest's), with the FAILED line below naming which.
node_rc=0
TEST_SKIP=test/e2e/local TEST_FLAGS=--test-concurrency=1 bash scripts/run-tests.sh test/unit test/integration test/e2e || node_rc=$?

# Then the Python package's suite (pytest, python/tests), in the venv python/scripts/build-env
# builds and packs (same dask as the cluster env, plus the package). dask-yarn's quickstart asks
# for ten 8-GiB workers: the NodeManager offers 96 GiB for it (a restart, about 20 s); a cluster
# this script did not start is restarted with its own options afterwards.
py_rc=0
pyenv="$(python/scripts/build-env)"
saved="$(mktemp)"
cp "${TSDASK_CLUSTER_DIR:-cluster/.work}/run/state.json" "$saved"
cluster/hadoop up --options-of "$saved" --nm-memory-mb 98304 --nm-vcores 32 >&2
(cd python && TSDASK_PY_ENV_ARCHIVE="$pyenv/environment.tar.gz" "$pyenv/venv/bin/python" -m pytest -q -p no:cacheprovider tests) || py_rc=$?
[ "$started" = yes ] || cluster/hadoop up --options-of "$saved" >&2
rm -f "$saved"
if [ "$local_rc" -ne 0 ] || [ "$node_rc" -ne 0 ] || [ "$py_rc" -ne 0 ]; then
  echo "FAILED: local-mode suite exit $local_rc, node suites exit $node_rc, python suite (pytest) exit $py_rc" >&2
  exit 1
fi
