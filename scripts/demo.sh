#!/usr/bin/env bash
# npm run demo: on a fresh machine, sets everything up, brings up the local Hadoop (HDFS + YARN as
# separate JVMs), packs the dask environment, then uses the built CLI the way a user would:
#   1. a long-running dask cluster with 3 workers (submit without a script)
#   2. status        3. scale to 4 workers and back to 3
#   4. the example job (cluster/examples/demo_job.py: a sum over a dask array of known size),
#      run from here with a dask Client connected to the cluster's scheduler over mutual TLS
#      (`tsdask-yarn credentials` hands out the application's client certificate)
#   5. shutdown → the application ends SUCCEEDED
#   6. the same job as a batch application: submit --wait demo_job.py streams the job's output as
#      it runs (exit code = the script's), then the same output read back from YARN's aggregated
#      logs with `tsdask-yarn logs` (WebHDFS, no JVM)
# The cluster keeps running afterwards; stop it with: cluster/hadoop down
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash scripts/setup.sh
cluster/hadoop up
env_archive="$(cluster/dask-env/build)"
eval "$(cluster/hadoop env)" # HADOOP_CONF_DIR: the only thing the CLI needs to find the cluster
python="$(ls "$(dirname "$(dirname "$env_archive")")"/*/venv/bin/python | head -1)"
job=cluster/examples/demo_job.py
app=""

step() { printf '\n== %s\n' "$*"; }
# The built CLI, echoed as a user would type it.
cli() {
  echo "\$ tsdask-yarn $*" >&2
  node dist/cli.js "$@"
}
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=process.argv[1].split(".").reduce((o,k)=>o?.[k],JSON.parse(s));console.log(v??"")})' "$1"; }
# Whatever happens, leave no demo application running.
cleanup() {
  if [ -n "$app" ] && [ "$(node dist/cli.js --json status "$app" 2>/dev/null | field report.state)" = RUNNING ]; then
    node dist/cli.js kill "$app" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# Polls the AM until N workers run (and no more), as `status` reports them.
wait_workers() {
  local n=$1 running
  for _ in $(seq 1 120); do
    running=$(node dist/cli.js --json status "$app" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const w=JSON.parse(s).am.services.find(x=>x.name==="dask.worker");console.log(w.counts.RUNNING)})')
    [ "$running" = "$n" ] && { echo "$n workers running"; return 0; }
    sleep 1
  done
  echo "error: $n workers did not come up (running: $running)" >&2
  return 1
}

step "1. a long-running dask cluster: scheduler + 3 workers (1 GiB each)"
echo "\$ tsdask-yarn --json submit --name tsdask-demo --environment $env_archive --worker-count 3 ..." >&2
info=$(node dist/cli.js --json submit --name tsdask-demo --environment "$env_archive" \
  --worker-count 3 --worker-memory "1 GiB" --scheduler-memory "1 GiB" 2>/dev/null)
app=$(echo "$info" | field appId)
scheduler=$(echo "$info" | field schedulerAddress)
echo "application $app, scheduler $scheduler, dashboard $(echo "$info" | field dashboardUrl)"

step "2. status"
cli status "$app"

step "3. scale to 4 workers, then back to 3 (the extra worker is retired through the scheduler)"
cli scale "$app" 4
wait_workers 4
cli scale "$app" 3
wait_workers 3

step "4. the job, from here, against the cluster's scheduler (mutual TLS: the application's own certificate)"
creds="$(mktemp -d)/$app"
cli credentials "$app" --dir "$creds"
# dask reads the client's TLS settings from these variables (the same files as the Security(...) above).
echo "\$ DASK_DISTRIBUTED__COMM__TLS__*=$creds/... python $job $scheduler" >&2
DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION=True \
  DASK_DISTRIBUTED__COMM__TLS__CA_FILE="$creds/ca.pem" \
  DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT="$creds/cert.pem" \
  DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY="$creds/key.pem" \
  "$python" "$job" "$scheduler"
rm -rf "$(dirname "$creds")"

step "5. shutdown"
cli shutdown "$app"
for _ in $(seq 1 60); do
  state=$(node dist/cli.js --json status "$app" | field report.state)
  [ "$state" = FINISHED ] && break
  sleep 1
done
cli status "$app"
[ "$(node dist/cli.js --json status "$app" | field report.finalStatus)" = SUCCEEDED ] || {
  echo "error: $app did not end SUCCEEDED" >&2
  exit 1
}

step "6. the same job as a batch application: submit --wait streams its output (exit code = the script's)"
batch_out=$(mktemp)
echo "\$ tsdask-yarn submit --name tsdask-demo-job --environment $env_archive --worker-count 3 ... --wait $job --workers 3" >&2
# The job's stdout is streamed to ours as it runs; progress lines go to stderr.
node dist/cli.js submit --name tsdask-demo-job --environment "$env_archive" --worker-count 3 --worker-memory "1 GiB" \
  --scheduler-memory "1 GiB" --client-memory "1 GiB" --wait "$job" --workers 3 2>"$batch_out" || {
  cat "$batch_out"
  exit 1
}
app=$(grep -m1 -o 'application_[0-9]*_[0-9]*' "$batch_out")
echo "$app ended SUCCEEDED (exit code 0); the job's output, from YARN's aggregated logs:"
# Log aggregation finishes a few seconds after the application; `logs` reads it from HDFS
# through WebHDFS (no JVM): LOGS_NOT_AGGREGATED* until the NodeManager has written it.
out=""
for _ in $(seq 1 20); do
  out=$(node dist/cli.js logs "$app" --service dask.client --file stdout 2>/dev/null | grep -E '^(connected|sum =)' || true)
  [ -n "$out" ] && break
  sleep 2
done
echo "\$ tsdask-yarn logs $app --service dask.client --file stdout" >&2
echo "$out"
[ -n "$out" ] || echo "(logs not aggregated yet: tsdask-yarn logs $app --service dask.client)"

step "done in $(($(date +%s) - started)) s"
echo "ResourceManager UI: $TSDASK_RM_WEB   NameNode UI: $TSDASK_NN_WEB"
echo "The local Hadoop keeps running; stop it with: cluster/hadoop down"
