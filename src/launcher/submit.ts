// submit: spec → cluster addresses → new-application → resource check → uploads → staging dir →
// AM submission → wait for the AM to register (docs/design.md §2, steps 3–7).
// Any failure after new-application kills the application and removes its staging directory, so
// a failed or interrupted submit leaves nothing behind.
import { prepareKeytabInAm } from "./keytab-in-am.js";
import { ControlClient } from "../control/index.js";
import type { ApplicationSpec } from "../spec/index.js";
import { TERMINAL_STATES, type ApplicationReport, type Resource } from "../yarn-rest/index.js";
import { securityOf } from "./access.js";
import { amSubmission } from "./am-context.js";
import { submissionTokens } from "./delegation.js";
import { recordCacheUses, stageApplication } from "./app-staging.js";
import { appStagingDir, openCluster, type ClusterOptions, type ClusterSession } from "./cluster.js";
import { amStderr, earlyDeathError, failedAttempts, type FailedAttempt } from "./early-death.js";
import { emitter, type Leftover, type SubmitListener } from "./events.js";
import { capacityIn, capacityWarning } from "./capacity.js";
import { checkResourceLimits } from "./limits.js";
import { checkPortRanges, hasPortClaims, maximumAsNode, nodeSizes } from "./port-ranges.js";
import { checkQueue } from "./queues.js";
import { abortError, waitForRegistration } from "./registration.js";
import type { RuntimeArchiveOptions } from "./runtime-archive.js";
import { REGISTRATION_TIMEOUT_MS } from "./timeouts.js";
import { chooseRuntime } from "./runtime/index.js";
import { sweepEndedStaging } from "./staging-sweep.js";
import { stageEnvironment, stageRuntime, type StagedFile } from "./uploads.js";
import { removeStagingDir } from "./staging-cleanup.js";
import { newApplicationWhileRmRecovers, schedulerWhileRmRecovers } from "./submit-recovery.js";

export interface SubmitOptions extends Pick<
  ClusterOptions,
  "env" | "requestTimeoutMs" | "rmRecoveryWaitMs" | "onNotice"
> {
  /** The user when the spec names none (default $HADOOP_USER_NAME, else the OS user). */
  readonly user?: string;
  /** How long to wait for the AM to register (default 120 s). */
  readonly registrationTimeoutMs?: number;
  /** Progress: uploads, staging, states (see SubmitEvent). */
  readonly onEvent?: SubmitListener;
  /** Aborting (e.g. on Ctrl-C) kills the half-started application and removes its staging dir. */
  readonly signal?: AbortSignal;
  /** Where the runtime bundles and the local archive cache are (tests, unusual installs). */
  readonly runtime?: RuntimeArchiveOptions;
  /** Request timeout of the returned control client. */
  readonly controlTimeoutMs?: number;
}

/** An application submitted to YARN; its AM may not have started yet. */
export interface SubmittedApplication {
  readonly appId: string;
  /** HDFS path of the application's staging directory. */
  readonly stagingDir: string;
  /** The cached uploads the AM localizes (for tests and --json output). */
  readonly uploads: { readonly runtime: StagedFile; readonly environment?: StagedFile };
  /** Per-application TLS is on: dask speaks tls://, the control API https:// (`credentials` gives the files). */
  readonly tls: boolean;
}

/** An application whose AM registered: its control API is reachable. */
export interface RunningApplication extends SubmittedApplication {
  /** https://host:port of the AM's control API (http:// without TLS). */
  readonly controlUrl: string;
  /** The RM's tracking URL (through the web proxy) of the AM's overview page. */
  readonly trackingUrl: string | undefined;
  readonly report: ApplicationReport;
  readonly client: ControlClient;
}

/** Steps 2–5: staged and submitted, not waited for. Cleans up on failure like submit(). */
export async function stageAndSubmit(
  spec: ApplicationSpec,
  options: SubmitOptions = {},
): Promise<SubmittedApplication> {
  const session = await openSession(spec, options);
  const attempt = await newApplication(session, options);
  return guarded(session, attempt, options, async () => (await stageAndSubmitIn(session, attempt, spec, options)).app);
}

/** Steps 2–6: submits and waits until the AM registered; returns a control client for it. */
export async function submit(spec: ApplicationSpec, options: SubmitOptions = {}): Promise<RunningApplication> {
  const session = await openSession(spec, options);
  const attempt = await newApplication(session, options);
  return guarded(session, attempt, options, async () => {
    const { app, secret, caPem } = await stageAndSubmitIn(session, attempt, spec, options);
    const emit = emitter(options.onEvent);
    const { report, controlUrl } = await waitForRegistration(session.rm, app.appId, {
      timeoutMs: options.registrationTimeoutMs ?? REGISTRATION_TIMEOUT_MS,
      signal: options.signal,
      emit,
      tls: caPem !== undefined,
      explain: explainer(session, app.appId, clusterOptionsOf(spec, options)),
    });
    emit({ kind: "registered", appId: app.appId, controlUrl });
    const client = new ControlClient(controlUrl, secret, {
      ...(options.controlTimeoutMs ? { timeoutMs: options.controlTimeoutMs } : {}),
      ...(caPem ? { ca: caPem } : {}),
    });
    return { ...app, controlUrl, trackingUrl: report.trackingUrl, report, client };
  });
}

function clusterOptionsOf(spec: ApplicationSpec, options: SubmitOptions): ClusterOptions {
  return {
    hadoop: spec.hadoop,
    user: spec.user ?? options.user,
    stagingRoot: spec.stagingDir,
    env: options.env,
    requestTimeoutMs: options.requestTimeoutMs,
    security: securityOf(spec),
  };
}

function openSession(spec: ApplicationSpec, options: SubmitOptions): Promise<ClusterSession> {
  return openCluster(clusterOptionsOf(spec, options));
}

/** Reads each failed AM attempt's stderr once; names a runtime that cannot start at its first failure. */
function explainer(session: ClusterSession, appId: string, cluster: ClusterOptions) {
  const seen = new Set<string>();
  let last: { attempt: FailedAttempt; stderr: string | undefined } | undefined;
  return async (report: ApplicationReport, final: boolean): Promise<Error | undefined> => {
    for (const attempt of await failedAttempts(session, appId, seen)) {
      last = { attempt, stderr: await amStderr(session, appId, attempt, undefined) };
      const known = earlyDeathError(appId, last.stderr, report, false);
      if (known) return known;
    }
    if (!final) return undefined;
    if (last && last.stderr === undefined) last.stderr = await amStderr(session, appId, last.attempt, cluster);
    return earlyDeathError(appId, last?.stderr, report, true);
  };
}

/** One application id from new-application and what became of it so far. */
interface Attempt {
  readonly appId: string;
  readonly maximum: Resource;
  /** True once the staging directory may exist: from then on cleanup must delete it. */
  staging: boolean;
  /** True once the submission was sent: from then on cleanup must kill it. */
  submitted: boolean;
  /** What a failure could not remove so far (reported, and named in the abort error). */
  readonly leftBehind: Leftover[];
}

async function newApplication(session: ClusterSession, options: SubmitOptions): Promise<Attempt> {
  const fresh = await newApplicationWhileRmRecovers(session, options);
  emitter(options.onEvent)({
    kind: "new-application",
    appId: fresh.applicationId,
    maximum: fresh.maximumResourceCapability,
  });
  return {
    appId: fresh.applicationId,
    maximum: fresh.maximumResourceCapability,
    staging: false,
    submitted: false,
    leftBehind: [],
  };
}

/** Runs the steps after new-application; on any failure kills and cleans up, then rethrows. */
async function guarded<T>(
  session: ClusterSession,
  attempt: Attempt,
  options: SubmitOptions,
  body: () => Promise<T>,
): Promise<T> {
  try {
    return await body();
  } catch (err) {
    await cleanUp(session, attempt, err, emitter(options.onEvent));
    // Whatever the interrupted step threw (a cut transfer, a stopped hash), the news is the abort.
    if (options.signal?.aborted) throw abortError(attempt.appId, attempt.leftBehind);
    throw err;
  }
}

async function stageAndSubmitIn(
  session: ClusterSession,
  attempt: Attempt,
  spec: ApplicationSpec,
  options: SubmitOptions,
): Promise<{ app: SubmittedApplication; secret: string; caPem?: string }> {
  const { appId } = attempt;
  const emit = recordingLeftovers(emitter(options.onEvent), attempt);
  const upload = { emit, ...(options.signal ? { signal: options.signal } : {}) };
  const step = (): void => {
    if (options.signal?.aborted) throw abortError(appId);
  };
  // Before any byte is uploaded: a spec the cluster can never run (the cheap check, first) and a
  // runtime the nodes cannot run (choosing one may pack an archive) are rejected here.
  checkResourceLimits(spec, attempt.maximum);
  if (hasPortClaims(spec)) checkPortRanges(spec, await nodesOrMaximum(session, attempt.maximum));
  const chosen = await chooseRuntime(session, spec);
  emit({ kind: "runtime-chosen", info: chosen.info });
  spec = { ...spec, runtimeInfo: chosen.info };
  // keytab-in-am: the keytab and a binding for the nodes' platform, or a clear refusal, now.
  const keytabFiles = await prepareKeytabInAm(spec, session.addresses);
  // The RM accepts an unknown queue at new-application and fails the app only after submission.
  const scheduler = await schedulerWhileRmRecovers(session, appId, options);
  checkQueue(scheduler, spec.queue);
  // More than the queue can ever hold is allowed (a script runs with the workers that fit) but said.
  const cap = scheduler && capacityIn(scheduler, spec.queue);
  const tooBig = cap && capacityWarning(spec, cap);
  if (tooBig) emit({ kind: "capacity-warning", appId, message: tooBig });
  step();
  const environment = await stageEnvironment(session, spec.environment, upload);
  step();
  const runtime = await stageRuntime(session, upload, { ...options.runtime, ...chosen.archive });
  step();
  // The staging area is about to grow: a good time to remove what ended applications left there.
  const swept = await sweepEndedStaging(session);
  if (swept.removed.length) emit({ kind: "staging-swept", paths: swept.removed });
  attempt.staging = true;
  const staged = await stageApplication(session, appId, spec, environment, emit, options.signal, keytabFiles);
  step();
  const resources = { runtime, ...(environment ? { environment } : {}) };
  await recordCacheUses(session.hdfs, staged.stagingDir, [runtime, environment]);
  const tokens = await submissionTokens(session.addresses, session.hdfs);
  const submission = amSubmission({
    tokens,
    appId,
    spec: staged.spec,
    addresses: session.addresses,
    user: session.user,
    stagingDir: staged.stagingDir,
    resources,
    specFile: staged.specFile,
    secretFile: staged.secretFile,
    ...(staged.caFile ? { caFile: staged.caFile } : {}),
    ...(staged.tls ? { tls: staged.tls } : {}),
    ...(staged.keytabInAm ? { keytabInAm: staged.keytabInAm } : {}),
  });
  // Set before the call: a submit that timed out may still have reached the RM, so kill it too.
  attempt.submitted = true;
  await session.rm.submitApplication(submission);
  emit({ kind: "submitted", appId });
  const app = { appId, stagingDir: staged.stagingDir, uploads: resources, tls: staged.tls !== undefined };
  return { app, secret: staged.secret, ...(staged.tls ? { caPem: staged.tls.caPem } : {}) };
}

function recordingLeftovers(emit: SubmitListener, attempt: Attempt): SubmitListener {
  return (e) => {
    if (e.kind === "left-behind") attempt.leftBehind.push(e.leftover);
    emit(e);
  };
}

/**
 * Kills the application (if it reached the RM) and removes its staging directory. Best effort:
 * the original error is what the caller needs to see; what cleanup could not remove is reported
 * (left-behind events, then one cleaned event) and kept in attempt.leftBehind.
 */
async function cleanUp(session: ClusterSession, attempt: Attempt, cause: unknown, emit: SubmitListener): Promise<void> {
  const { appId } = attempt;
  const record = recordingLeftovers(emit, attempt);
  const reason = cause instanceof Error ? cause.message : String(cause);
  const leave = (what: string, where: string, e: unknown) =>
    record({
      kind: "left-behind",
      leftover: { what, where, reason: (e as Error).message, remedy: `tsdask-yarn kill ${appId}` },
    });
  emit({ kind: "cleanup", appId, reason });
  if (attempt.submitted) {
    try {
      await session.rm.killApplication(appId, `tsdask-yarn submit failed: ${reason}`.slice(0, 1000));
      await session.rm.waitForApplication(appId, undefined, { timeoutMs: 30_000 });
    } catch (e) {
      // Killing an application that already ended is no failure; anything else may leave it running.
      const ended = await session.rm.applicationState(appId).catch(() => undefined);
      if (!ended || !TERMINAL_STATES.includes(ended)) leave("application", appId, e);
    }
  }
  if (attempt.staging) {
    const staging = appStagingDir(session, appId);
    const left = await removeStagingDir(session.hdfs, staging);
    if (left) leave("staging directory", staging, left);
  }
  emit({ kind: "cleaned", appId, leftBehind: [...attempt.leftBehind] });
}

/** The RUNNING nodes' sizes; the largest container when the RM does not list its nodes to us. */
async function nodesOrMaximum(session: ClusterSession, maximum: Resource) {
  try {
    const nodes = nodeSizes(await session.rm.nodes(["RUNNING"]));
    return nodes.length > 0 ? nodes : maximumAsNode(maximum);
  } catch {
    return maximumAsNode(maximum);
  }
}
