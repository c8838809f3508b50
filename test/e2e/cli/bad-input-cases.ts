// The bad-input table: one row per wrong input, with the command line, the files it needs, the
// first error line the CLI prints and the exit code. bad-input.test.ts runs every row against the
// real cluster; docs/bad-input.md is generated from this table (scripts/bad-input-doc.ts), so the
// documented rows are exactly the tested ones.
//
// Placeholders, filled in by the test and shown as-is in the doc:
//   {DIR}      the case's working directory (files below are written there)
//   {ENV}      the packed dask environment (cluster/dask-env/build)
//   {FINISHED} an application that has ended (a sleep AM the test kills)
//   {BADCONF}  a copy of the Hadoop conf whose ResourceManager port is dead
//   {APP}      any application id (the one new-application handed out)
//   {HEX}      a hex digest (cache directory names)
//   {RUNNING}  a running dask application with 1 worker of 512 MiB (rows marked runningDaskApp)
//   {N} {SIZE} a whole number, a size like "16 GiB" (figures that depend on the cluster)
//   {KEYTAB}   tester's keytab; {OTHERCC} the ticket cache of the second principal, other
//   {FAKEKEYTAB} a keytab made with ktutil for ghost@TSDASK.TEST (no such principal in the KDC)
//              and tester@WRONG.TEST (a realm no KDC serves); rows marked secureCluster

export interface BadInputCase {
  /** What is wrong, in a few words (first column of the doc). */
  readonly what: string;
  readonly args: readonly string[];
  /** Extra environment variables (shown before the command in the doc). */
  readonly env?: Readonly<Record<string, string>>;
  /** Files written into {DIR} first; a value of null makes an empty directory. */
  readonly files?: Readonly<Record<string, string | null>>;
  /** The first line of stderr that starts with "error:", exactly, placeholders aside. */
  readonly message: string;
  readonly exit: number;
  /** The case reaches the cluster: the test checks it left no application and no staging dir. */
  readonly cluster?: boolean;
  /** HDFS user of the case when not the cluster's (for the staging-dir check). */
  readonly user?: string;
  /**
   * Needs {RUNNING}: run by test/e2e/faults/faults.test.ts against its dask application, not by
   * bad-input.test.ts (which has no running application).
   */
  readonly runningDaskApp?: boolean;
  /**
   * Runs against the secure local cluster (test/e2e/secure/secure-errors.test.ts), as tester
   * (KRB5_CONFIG, tester's ticket cache as KRB5CCNAME and the cluster's CA set unless the row's
   * env says otherwise), not by bad-input.test.ts.
   */
  readonly secureCluster?: boolean;
}

const E = ["--environment", "{ENV}"];

/** A client conf dir of a Kerberized cluster whose RM nobody serves (the failures come first). */
const KERBERIZED_CONF = {
  kconf: null,
  "kconf/core-site.xml":
    "<configuration><property><name>hadoop.security.authentication</name><value>kerberos</value></property></configuration>\n",
  "kconf/yarn-site.xml":
    "<configuration><property><name>yarn.resourcemanager.webapp.address</name><value>127.0.0.1:1</value></property></configuration>\n",
};

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // ---- spec files: found by the spec loader, named by key and file:line:col ----
  {
    what: "invalid YAML (unclosed quote)",
    args: ["submit", "--spec", "bad.yaml", ...E],
    files: { "bad.yaml": 'name: "nightly\nqueue: default\n' },
    message:
      "error: invalid YAML: Missing closing \"quote (at {DIR}/bad.yaml:3:1). fix the YAML syntax at that position (indentation, a missing ':' or an unclosed quote are the usual causes)",
    exit: 2,
  },
  {
    what: "invalid YAML (bad indentation)",
    args: ["submit", "--spec", "indent.yaml", ...E],
    files: { "indent.yaml": "worker:\n  count: 2\n   memory: 4 GiB\n" },
    message:
      "error: invalid YAML: Nested mappings are not allowed in compact mappings (at {DIR}/indent.yaml:2:10). fix the YAML syntax at that position (indentation, a missing ':' or an unclosed quote are the usual causes)",
    exit: 2,
  },
  {
    what: "unknown key (suggestion)",
    args: ["submit", "--spec", "typo.yaml", ...E],
    files: { "typo.yaml": "workr:\n  count: 2\n" },
    message: "error: workr: unknown key 'workr' (at {DIR}/typo.yaml:1:1). did you mean 'worker'?",
    exit: 2,
  },
  {
    what: "a JavaScript built-in name as a service name",
    args: ["submit", "--spec", "reserved.yaml"],
    files: { "reserved.yaml": "dask: false\nservices:\n  constructor: {script: echo hi}\n" },
    message:
      "error: services.constructor: 'constructor' is a reserved name (at {DIR}/reserved.yaml:3:3). choose another name",
    exit: 2,
  },
  {
    what: "one key in two spellings",
    args: ["submit", "--spec", "twice.yaml", ...E],
    files: { "twice.yaml": "worker:\n  memory: 1 GiB\n  Memory: 2 GiB\n" },
    message:
      "error: worker.memory: 'Memory' and 'memory' are the same key (at {DIR}/twice.yaml:3:3). keep one of them, spelled 'memory'",
    exit: 2,
  },
  {
    what: "YAML nested 100 levels deep",
    args: ["submit", "--spec", "deep.yaml", ...E],
    files: { "deep.yaml": `tags: ${"[".repeat(100)}${"]".repeat(100)}\n` },
    message:
      "error: the YAML nests more than 64 levels deep (at {DIR}/deep.yaml:1:1). a spec needs a few levels (services.NAME.env.VAR): remove the nesting",
    exit: 2,
  },
  {
    what: "unknown nested key (suggestion)",
    args: ["submit", "--spec", "memroy.yaml", ...E],
    files: { "memroy.yaml": "worker:\n  memroy: 4 GiB\n" },
    message: "error: worker.memroy: unknown key 'memroy' (at {DIR}/memroy.yaml:2:3). did you mean 'worker.memory'?",
    exit: 2,
  },
  {
    what: "wrong type: text for a count",
    args: ["submit", "--spec", "type.yaml", ...E],
    files: { "type.yaml": "worker:\n  count: many\n" },
    message: 'error: worker.count: expected a whole number ≥ 0, got "many" (at {DIR}/type.yaml:2:10)',
    exit: 2,
  },
  {
    what: "wrong type: scalar for a section",
    args: ["submit", "--spec", "section.yaml", ...E],
    files: { "section.yaml": "worker: 4\n" },
    message: "error: worker: expected a map, got 4 (at {DIR}/section.yaml:1:9)",
    exit: 2,
  },
  {
    what: "negative count in a spec",
    args: ["submit", "--spec", "neg.yaml", ...E],
    files: { "neg.yaml": "worker:\n  count: -2\n" },
    message: "error: worker.count: must be ≥ 0, got -2 (at {DIR}/neg.yaml:2:10). use 0 or more",
    exit: 2,
  },
  {
    what: "unknown memory unit",
    args: ["submit", "--spec", "unit.yaml", ...E],
    files: { "unit.yaml": "worker:\n  memory: 3 parsecs\n" },
    message:
      'error: worker.memory: unknown memory unit "parsecs" in "3 parsecs" (at {DIR}/unit.yaml:2:11). write a memory size like "2 GiB", "512 MiB" or a number of MiB',
    exit: 2,
  },
  {
    what: "depends on an unknown service",
    args: ["submit", "--spec", "dep.yaml"],
    files: { "dep.yaml": "services:\n  web:\n    script: ./serve\n    depends: [db]\n" },
    message:
      "error: services.web.depends: depends on 'db', which is not a service (at {DIR}/dep.yaml:4:14). services are: web",
    exit: 2,
  },
  {
    what: "dependency cycle",
    args: ["submit", "--spec", "cycle.yaml"],
    files: {
      "cycle.yaml":
        "services:\n  a:\n    script: echo a\n    depends: [b]\n  b:\n    script: echo b\n    depends: [a]\n",
    },
    message:
      "error: services.b.depends: dependency cycle a → b → a (at {DIR}/cycle.yaml:7:14). break the cycle: a service can only wait for services that do not wait for it",
    exit: 2,
  },
  {
    what: "unknown role",
    args: ["submit", "--spec", "role.yaml", ...E],
    files: { "role.yaml": "services:\n  extra:\n    role: dask.boss\n" },
    message:
      'error: services.extra.role: unknown value "dask.boss" (at {DIR}/role.yaml:3:11). use one of "dask.scheduler", "dask.worker", "dask.client"',
    exit: 2,
  },
  {
    what: "a singleton service with more than one instance",
    args: ["submit", "--spec", "one.yaml", ...E],
    files: { "one.yaml": "services:\n  leader:\n    script: sleep 600\n    singleton: true\n    instances: 2\n" },
    message:
      "error: services.leader.instances: a singleton service runs exactly one instance, not 2 (at {DIR}/one.yaml:5:16). set instances: 1, or remove singleton: true",
    exit: 2,
  },
  {
    what: "script and role together",
    args: ["submit", "--spec", "both.yaml", ...E],
    files: { "both.yaml": "services:\n  extra:\n    role: dask.worker\n    script: echo hi\n" },
    message:
      "error: services.extra: has both script and role (at {DIR}/both.yaml:3:11). a service runs either a shell script or a dask role: remove one",
    exit: 2,
  },
  {
    what: "missing --spec file",
    args: ["submit", "--spec", "nofile.yaml", ...E],
    message: "error: cannot read spec file {DIR}/nofile.yaml: no such file (from flag --spec). check the --spec path",
    exit: 2,
  },
  // ---- flags and environment variables ----
  {
    what: "negative count flag",
    args: ["submit", "--worker-count", "-1", ...E],
    message: "error: worker.count: must be ≥ 0, got -1 (from flag --worker-count). use 0 or more",
    exit: 2,
  },
  {
    what: "worker count above scale's limit",
    args: ["submit", "--worker-count", "10000000", ...E],
    message:
      "error: worker.count: must be ≤ 100000, got 10000000 (from flag --worker-count). 100000 instances is the limit (the same as scale's)",
    exit: 2,
  },
  {
    what: "tag longer than YARN's 100 characters",
    args: ["submit", "--tags", "t".repeat(101), ...E],
    message: `error: tags: tag "${"t".repeat(40)}"… is 101 characters long; YARN allows at most 100 (from flag --tags). shorten the tag`,
    exit: 2,
  },
  {
    what: "bad memory flag",
    args: ["submit", "--worker-memory", "lots", ...E],
    message:
      'error: worker.memory: cannot read "lots" (from flag --worker-memory). write a memory size like "2 GiB", "512 MiB" or a number of MiB',
    exit: 2,
  },
  {
    what: "bad duration",
    args: ["submit", "--idle-timeout", "soon", ...E],
    message:
      'error: idle-timeout: cannot read "soon" (from flag --idle-timeout). write a duration like "30s", "5m", "1h" or a number of seconds',
    exit: 2,
  },
  {
    what: "bad --timeout",
    args: ["submit", "--timeout", "never", ...E],
    message: "error: --timeout: 'never' is not a duration",
    exit: 2,
  },
  {
    what: "--stream without --wait",
    args: ["submit", "--stream", "dask.worker", ...E],
    message: "error: --stream dask.worker needs --wait",
    exit: 2,
  },
  {
    what: "--stream of a service the application does not have",
    args: ["submit", "--wait", "--stream", "web", ...E],
    message: "error: --stream: the application has no service or instance 'web'",
    exit: 2,
  },
  {
    what: "bad --adaptive",
    args: ["submit", "--adaptive", "x", ...E],
    message: 'error: worker.adaptive: expected a map {minimum, maximum} or "MIN:MAX", got "x" (from flag --adaptive)',
    exit: 2,
  },
  {
    what: "--adaptive min above max",
    args: ["submit", "--adaptive", "5:2", ...E],
    message: "error: worker.adaptive: minimum 5 is more than maximum 2 (from flag --adaptive). swap them",
    exit: 2,
  },
  {
    what: "--worker-port range that ends before it starts",
    args: ["submit", "--worker-port", "9001-9000", ...E],
    message:
      'error: worker.port: "9001-9000" ends before it starts (from flag --worker-port). write a port or an inclusive port range, like 8786 or "8786-8790"',
    exit: 2,
  },
  {
    what: "bad --worker-env",
    args: ["submit", "--worker-env", "NOEQUALS", ...E],
    message:
      'error: worker.env: expected NAME=VALUE, got "NOEQUALS" (from flag --worker-env). write each variable as NAME=VALUE, e.g. OMP_NUM_THREADS=1',
    exit: 2,
  },
  {
    what: "bad value in an environment variable",
    args: ["submit", ...E],
    env: { TSDASK_YARN_WORKER_COUNT: "abc" },
    message: 'error: worker.count: expected a whole number ≥ 0, got "abc" (from env TSDASK_YARN_WORKER_COUNT)',
    exit: 2,
  },
  {
    what: "no environment for dask",
    args: ["submit"],
    message:
      "error: environment: dask services need a Python environment (at skeleton.yaml:14:14). set environment: (a conda-pack/venv-pack archive, a directory, or an hdfs:// path), TSDASK_YARN_ENVIRONMENT or --environment",
    exit: 2,
  },
  { what: "unknown flag", args: ["submit", "--bogus"], message: "error: unknown option '--bogus'", exit: 2 },
  { what: "missing argument", args: ["scale"], message: "error: missing required argument 'APP_ID'", exit: 2 },
  { what: "unknown command", args: ["frobnicate"], message: "error: unknown command 'frobnicate'", exit: 2 },
  {
    what: "scale count not a whole number",
    args: ["scale", "application_1_1", "-3"],
    message: "error: instance count must be a whole number ≥ 0, got '-3'",
    exit: 2,
  },
  {
    what: "adapt minimum above maximum",
    args: ["adapt", "application_1_1", "--minimum", "5", "--maximum", "2"],
    message: "error: --minimum 5 is above --maximum 2",
    exit: 2,
  },
  {
    what: "malformed application id",
    args: ["status", "application_x"],
    message: "error: 'application_x' is not a YARN application id",
    exit: 2,
  },
  {
    what: "malformed application id (kill)",
    args: ["kill", "12345"],
    message: "error: '12345' is not a YARN application id",
    exit: 2,
  },
  {
    what: "config init over an existing file",
    args: ["config", "init"],
    env: { TSDASK_YARN_CONFIG: "{DIR}/config.yaml" },
    files: { "config.yaml": "queue: default\n" },
    message: "error: {DIR}/config.yaml already exists",
    exit: 2,
  },
  {
    what: "--conf-dir that does not exist",
    args: ["list", "--conf-dir", "{DIR}/no-conf"],
    message:
      "error: Hadoop configuration directory {DIR}/no-conf (from --conf-dir / hadoop.conf-dir) does not exist or is not a directory",
    exit: 2,
  },
  {
    // No silent localhost: Hadoop's defaults would reach whatever Hadoop runs on this machine.
    what: "no HADOOP_CONF_DIR, no --conf-dir, no addresses",
    args: ["list"],
    env: { HADOOP_CONF_DIR: "", HADOOP_HOME: "" },
    message:
      "error: no Hadoop configuration: HADOOP_CONF_DIR is not set, and neither --conf-dir nor the addresses (hadoop.rm-web-addresses and hadoop.namenode-web-addresses) are given",
    exit: 2,
  },
  // ---- secure and HTTPS_ONLY clusters: credentials and trust, checked before any request ----
  {
    what: "--ca-file that does not exist",
    args: ["list", "--ca-file", "{DIR}/no-ca.pem"],
    message:
      "error: cannot read the CA file {DIR}/no-ca.pem: ENOENT: no such file or directory, open '{DIR}/no-ca.pem'",
    exit: 2,
  },
  {
    what: "--ca-file that is not PEM",
    args: ["list", "--ca-file", "{DIR}/ca.pem"],
    files: { "ca.pem": "not a certificate\n" },
    message: "error: the CA file {DIR}/ca.pem holds no PEM certificate",
    exit: 2,
  },
  {
    what: "Kerberized cluster, keytab unreadable",
    args: ["list", "--conf-dir", "{DIR}/kconf", "--keytab", "{DIR}/no.keytab"],
    files: KERBERIZED_CONF,
    message:
      "error: cannot read the keytab {DIR}/no.keytab: ENOENT: no such file or directory, access '{DIR}/no.keytab'",
    exit: 2,
  },
  {
    what: "Kerberized cluster, no ticket (no kinit)",
    args: ["list", "--conf-dir", "{DIR}/kconf"],
    env: { KRB5CCNAME: "FILE:{DIR}/no-ticket" },
    files: KERBERIZED_CONF,
    message:
      "error: Kerberos authentication to HTTP/127.0.0.1 failed: No credentials were supplied, or the credentials were unavailable or inaccessible: No Kerberos credentials available (default cache: FILE:{DIR}/no-ticket)",
    exit: 1,
  },
  // ---- the runtime (the Node the AM runs on) ----
  {
    what: "--runtime a file that is no Node binary, tarball or wheel",
    args: ["submit", ...E, "--runtime", "{DIR}/notnode", "{DIR}/job.py"],
    files: { notnode: "hello\n", "job.py": "print(1)\n" },
    message: "error: runtime {DIR}/notnode: not an executable (no ELF, Mach-O or PE header)",
    exit: 2,
    cluster: true,
  },
  {
    what: "runtime --platform that no YARN node runs",
    args: ["runtime", "--platform", "mips"],
    message: "error: unknown platform 'mips'",
    exit: 2,
  },
  // ---- on the secure local cluster (Kerberos, HTTPS only): who you are and whom you act for ----
  {
    what: "Kerberos: --principal in the wrong realm (the ticket cache holds tester@TSDASK.TEST)",
    args: ["--principal", "tester@WRONG.TEST", "submit", ...E],
    message:
      "error: Kerberos authentication to HTTP/127.0.0.1 failed: No credentials were supplied, or the credentials were unavailable or inaccessible: Can't find client principal tester@WRONG.TEST in cache collection",
    exit: 1,
    cluster: true,
    secureCluster: true,
  },
  {
    what: "Kerberos: --keytab holds no key for --principal",
    args: ["--keytab", "{KEYTAB}", "--principal", "nobody@TSDASK.TEST", "submit", ...E],
    env: { KRB5CCNAME: "FILE:{DIR}/no-ticket" },
    message:
      "error: Kerberos authentication to HTTP/127.0.0.1 failed: No credentials were supplied, or the credentials were unavailable or inaccessible: Can't find client principal nobody@TSDASK.TEST in cache collection",
    exit: 1,
    cluster: true,
    secureCluster: true,
  },
  {
    what: "Kerberos: principal unknown to the KDC",
    args: ["--keytab", "{FAKEKEYTAB}", "--principal", "ghost@TSDASK.TEST", "submit", ...E],
    env: { KRB5CCNAME: "FILE:{DIR}/no-ticket" },
    message:
      "error: Kerberos authentication to HTTP/127.0.0.1 failed: No credentials were supplied, or the credentials were unavailable or inaccessible: Client 'ghost@TSDASK.TEST' not found in Kerberos database",
    exit: 1,
    cluster: true,
    secureCluster: true,
  },
  {
    what: "Kerberos: a realm no KDC serves",
    args: ["--keytab", "{FAKEKEYTAB}", "--principal", "tester@WRONG.TEST", "submit", ...E],
    env: { KRB5CCNAME: "FILE:{DIR}/no-ticket" },
    message:
      'error: Kerberos authentication to HTTP/127.0.0.1 failed: No credentials were supplied, or the credentials were unavailable or inaccessible: Cannot find KDC for realm "WRONG.TEST"',
    exit: 1,
    cluster: true,
    secureCluster: true,
  },
  {
    what: "--user the cluster does not let you act as (other is no proxy user)",
    args: ["submit", ...E, "--user", "tester"],
    env: { KRB5CCNAME: "FILE:{OTHERCC}" },
    message:
      "error: the NameNode at 127.0.0.1:{N} refused to let us act as 'tester': User: other is not allowed to impersonate tester",
    exit: 1,
    cluster: true,
    secureCluster: true,
  },
  // ---- local files of a submit: checked before the cluster hears of the application ----
  {
    what: "local mode with an environment in HDFS",
    args: ["submit", "--local", "--environment", "hdfs:///envs/dask.tar.gz"],
    message: "error: local mode cannot use the environment hdfs:///envs/dask.tar.gz: it is on the cluster",
    exit: 2,
  },
  {
    what: "missing environment archive",
    args: ["submit", "--environment", "nope.tar.gz"],
    message: "error: environment {DIR}/nope.tar.gz does not exist",
    exit: 2,
  },
  {
    what: "corrupt environment archive",
    args: ["submit", "--environment", "corrupt.tar.gz"],
    files: { "corrupt.tar.gz": "this is not a tarball\n" },
    message: "error: environment {DIR}/corrupt.tar.gz is not a valid archive: it is not gzip-compressed",
    exit: 2,
  },
  {
    what: "environment that is not an archive",
    args: ["submit", "--environment", "env.txt"],
    files: { "env.txt": "numpy\n" },
    message: "error: environment {DIR}/env.txt is not an archive YARN can unpack (.tar.gz, .tgz, .tar, .zip)",
    exit: 2,
  },
  {
    what: "empty environment directory",
    args: ["submit", "--environment", "emptyenv"],
    files: { emptyenv: null },
    message: "error: environment {DIR}/emptyenv is an empty directory",
    exit: 2,
  },
  {
    what: "missing script file",
    args: ["submit", ...E, "missing.py"],
    message: "error: file 'missing.py' of service 'dask.client': {DIR}/missing.py does not exist",
    exit: 2,
  },
  // ---- checked against the cluster, before any upload ----
  {
    what: "--worker-port range with fewer ports than the workers one node holds",
    args: ["submit", "--worker-memory", "512 MiB", "--worker-port", "9000-9001", ...E],
    message:
      "error: worker.port 9000-9001 holds 2 ports, but up to {N} may be needed on one node: {N} dask.worker containers of 512 MiB fit on node localhost ({N} MiB)",
    exit: 2,
    cluster: true,
  },
  {
    what: "memory above the cluster maximum",
    args: ["submit", "--worker-memory", "100 GiB", ...E],
    message: "error: service 'dask.worker' asks for 102400 MiB of memory, above the cluster maximum of 8192 MiB",
    exit: 2,
    cluster: true,
  },
  {
    what: "vcores above the cluster maximum",
    args: ["submit", "--worker-vcores", "64", ...E],
    message: "error: service 'dask.worker' asks for 64 vcores, above the cluster maximum of 8",
    exit: 2,
    cluster: true,
  },
  {
    what: "unknown queue (suggestion)",
    args: ["submit", "--queue", "defualt", ...E],
    message: "error: queue 'defualt' does not exist on this cluster (did you mean 'default'?)",
    exit: 2,
    cluster: true,
  },
  {
    what: "--keytab-in-am on a cluster without Kerberos",
    args: ["--keytab", "{DIR}/me.keytab", "submit", "--keytab-in-am", ...E],
    files: { "me.keytab": "not used\n" },
    message: "error: --keytab-in-am: the cluster does not use Kerberos, so there are no tokens for the AM to renew",
    exit: 2,
    cluster: true,
  },
  {
    what: "credentials refresh on a cluster without Kerberos",
    args: ["credentials", "refresh", "{FINISHED}"],
    message:
      "error: {FINISHED} runs without Kerberos (hadoop.security.authentication is simple): it has no delegation tokens to refresh",
    exit: 2,
    cluster: true,
  },
  {
    what: "missing environment on HDFS",
    args: ["submit", "--environment", "hdfs:///nonexistent/env.tar.gz"],
    message: "error: environment hdfs:///nonexistent/env.tar.gz does not exist",
    exit: 2,
    cluster: true,
  },
  {
    what: "HDFS permission denied (user without an HDFS home)",
    args: ["submit", "--user", "tsdask-nobody", ...E],
    message:
      'error: creating directory /user/tsdask-nobody/.tsdask-yarn/cache/{HEX}: Permission denied: user=tsdask-nobody, access=WRITE, inode="/user":root:supergroup:drwxr-xr-x (AccessControlException, HTTP 403)',
    exit: 1,
    cluster: true,
    user: "tsdask-nobody",
  },
  {
    what: "HDFS permission denied (staging dir not writable)",
    args: ["submit", ...E],
    env: { HADOOP_USER_NAME: "tsdask-nobody", TSDASK_YARN_STAGING_DIR: "/user/root" },
    message:
      'error: reading the status of /user/root/.tsdask-yarn/cache/{HEX}/environment.tar.gz: Permission denied: user=tsdask-nobody, access=EXECUTE, inode="/user/root/.tsdask-yarn":root:supergroup:drwx------ (AccessControlException, HTTP 403)',
    exit: 1,
    cluster: true,
    user: "tsdask-nobody",
  },
  // ---- application ids and the state of applications ----
  {
    what: "unknown application id",
    args: ["status", "application_1_99999"],
    message:
      "error: reading application_1_99999 failed: app with id: application_1_99999 not found (NotFoundException, HTTP 404)",
    exit: 1,
    cluster: true,
  },
  {
    what: "unknown application id (kill)",
    args: ["kill", "application_1_99999"],
    message:
      "error: reading application_1_99999 failed: app with id: application_1_99999 not found (NotFoundException, HTTP 404)",
    exit: 1,
    cluster: true,
  },
  {
    what: "scale of a finished application",
    args: ["scale", "{FINISHED}", "2"],
    message: "error: {FINISHED} has ended (KILLED, final status KILLED)",
    exit: 1,
    cluster: true,
  },
  {
    what: "scale of the dask scheduler (a singleton)",
    args: ["scale", "{RUNNING}", "2", "--service", "dask.scheduler"],
    message:
      "error: scale dask.scheduler: service 'dask.scheduler' is the dask.scheduler service and runs exactly 1 instance(s); it cannot be scaled to 2. To end the application use 'tsdask-yarn shutdown' or 'kill'.",
    exit: 2,
    cluster: true,
    runningDaskApp: true,
  },
  {
    what: "scale above what the queue can ever hold",
    args: ["scale", "{RUNNING}", "100000"],
    message:
      "error: scale dask.worker: 100000 × 512 MiB of 'dask.worker' is more than queue 'default' can ever give: it has let this application hold at most {SIZE}, {SIZE} of it for the ApplicationMaster and the other services, so at most {N} instances of 512 MiB fit. Scale to {N} or fewer, or use a bigger queue.",
    exit: 2,
    cluster: true,
    runningDaskApp: true,
  },
  {
    what: "shutdown of a finished application",
    args: ["shutdown", "{FINISHED}"],
    message: "error: {FINISHED} has ended (KILLED, final status KILLED)",
    exit: 1,
    cluster: true,
  },
  {
    what: "bad --older-than (cache clean)",
    args: ["cache", "clean", "--older-than", "soon"],
    message: "error: --older-than: 'soon' is not a duration",
    exit: 2,
  },
  {
    what: "unreachable ResourceManager (status)",
    args: ["status", "application_1_1", "--conf-dir", "{BADCONF}"],
    message:
      "error: reading application_1_1: no active ResourceManager answered; tried http://127.0.0.1:9 (ECONNREFUSED)",
    exit: 1,
    cluster: true,
  },
  {
    what: "unreachable ResourceManager (submit)",
    args: ["submit", "--conf-dir", "{BADCONF}", ...E],
    message:
      "error: creating an application: no active ResourceManager answered; tried http://127.0.0.1:9 (ECONNREFUSED)",
    exit: 1,
    cluster: true,
  },
];
