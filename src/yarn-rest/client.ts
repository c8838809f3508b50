// The ResourceManager REST client the launcher uses: cluster info, nodes, new-application,
// submit, reports, list, attempts, containers, kill. One method per RM endpoint.
import { TsdaskError } from "../errors.js";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import * as R from "./reports.js";
import { ResourceManagerHttp, type RmHttpOptions } from "./rm-http.js";
import { submissionJson } from "./submission.js";
import {
  TERMINAL_STATES,
  type ApplicationAttempt,
  type ApplicationFilter,
  type ApplicationReport,
  type ApplicationState,
  type ApplicationSubmission,
  type ClusterInfo,
  type ContainerReport,
  type NewApplication,
  type NodeReport,
} from "./types.js";

const BASE = "/ws/v1/cluster";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the RM's REST JSON, untyped: each field is converted (String(), Number(), listOf) where it is read
type Obj = Record<string, any>;

export class ResourceManagerClient {
  readonly http: ResourceManagerHttp;

  constructor(options: RmHttpOptions) {
    this.http = new ResourceManagerHttp(options);
  }

  static fromAddresses(addresses: ClusterAddresses, options: Omit<RmHttpOptions, "urls"> = {}): ResourceManagerClient {
    return new ResourceManagerClient({ ...options, urls: addresses.resourceManagers.map((rm) => rm.webUrl) });
  }

  async clusterInfo(): Promise<ClusterInfo> {
    return R.clusterInfo(await this.get(`${BASE}/info`, "reading cluster info"));
  }

  /** The scheduler's queue tree as the RM reports it (shape depends on the scheduler type). */
  async schedulerInfo(): Promise<Obj> {
    const body = await this.get(`${BASE}/scheduler`, "reading the scheduler's queues");
    return (body.scheduler?.schedulerInfo ?? {}) as Obj;
  }

  /** Nodes, by default those the RM lists without a filter (RUNNING, UNHEALTHY, …). */
  async nodes(states?: readonly string[]): Promise<NodeReport[]> {
    const body = await this.get(`${BASE}/nodes`, "listing nodes", { states: states?.join(",") });
    return R.listOf(body, "nodes", "node").map(R.nodeReport);
  }

  /** A fresh application id and the largest container the scheduler grants. */
  async newApplication(): Promise<NewApplication> {
    const res = await this.http.request<Obj>({
      method: "POST",
      path: `${BASE}/apps/new-application`,
      what: "creating an application",
    });
    return R.newApplication(res.data);
  }

  async submitApplication(submission: ApplicationSubmission): Promise<void> {
    const data = submissionJson(submission);
    const res = await this.http.request({
      method: "POST",
      path: `${BASE}/apps`,
      data,
      what: `submitting ${submission.applicationId}`,
    });
    if (res.status !== 202 && res.status !== 200) {
      throw new TsdaskError(
        "YARN_HTTP_ERROR",
        `submitting ${submission.applicationId}: unexpected HTTP ${res.status}`,
        "The RM should answer 202 Accepted; check the RM log.",
      );
    }
  }

  async applicationReport(appId: string): Promise<ApplicationReport> {
    const body = await this.get(`${BASE}/apps/${encodeURIComponent(appId)}`, `reading ${appId}`);
    return R.applicationReport(body.app ?? {});
  }

  async applicationState(appId: string): Promise<ApplicationState> {
    const body = await this.get(`${BASE}/apps/${encodeURIComponent(appId)}/state`, `reading the state of ${appId}`);
    return body.state as ApplicationState;
  }

  async listApplications(filter: ApplicationFilter = {}): Promise<ApplicationReport[]> {
    const body = await this.get(`${BASE}/apps`, "listing applications", {
      states: filter.states?.join(","),
      finalStatus: filter.finalStatus,
      user: filter.user,
      queue: filter.queue,
      applicationTags: filter.tags?.join(","),
      applicationTypes: filter.applicationTypes?.join(","),
      limit: filter.limit,
    });
    return R.listOf(body, "apps", "app").map(R.applicationReport);
  }

  async applicationAttempts(appId: string): Promise<ApplicationAttempt[]> {
    const body = await this.get(
      `${BASE}/apps/${encodeURIComponent(appId)}/appattempts`,
      `listing attempts of ${appId}`,
    );
    return R.listOf(body, "appAttempts", "appAttempt").map(R.applicationAttempt);
  }

  /** Running containers of one attempt (the RM forgets finished ones). */
  async attemptContainers(appId: string, attemptId: string): Promise<ContainerReport[]> {
    const path = `${BASE}/apps/${encodeURIComponent(appId)}/appattempts/${encodeURIComponent(attemptId)}/containers`;
    const body = await this.get(path, `listing containers of ${attemptId}`);
    // Hadoop 3.4 answers {"container": … } at the top level (one object or a list); older ones
    // wrap it in "containers".
    return (body.containers ? R.listOf(body, "containers", "container") : R.listOf(body, undefined, "container")).map(
      R.containerReport,
    );
  }

  /**
   * Asks the RM to kill the application and returns the state it reports: while the kill is in
   * progress (HTTP 202) that is the current state (e.g. ACCEPTED, or KILLING from the capture),
   * KILLED once done, or the final state of an application that had already ended.
   */
  async killApplication(appId: string, diagnostics?: string): Promise<ApplicationState | "KILLING"> {
    const res = await this.http.request<Obj>({
      method: "PUT",
      path: `${BASE}/apps/${encodeURIComponent(appId)}/state`,
      data: diagnostics ? { state: "KILLED", diagnostics } : { state: "KILLED" },
      what: `killing ${appId}`,
    });
    return res.data.state;
  }

  /** Polls the application until `done(report)` or the deadline; returns the last report. */
  async waitForApplication(
    appId: string,
    done: (r: ApplicationReport) => boolean = (r) => TERMINAL_STATES.includes(r.state),
    options: { timeoutMs?: number; intervalMs?: number } = {},
  ): Promise<ApplicationReport> {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const report = await this.applicationReport(appId);
      if (done(report)) return report;
      if (Date.now() > deadline) {
        throw new TsdaskError(
          "YARN_WAIT_TIMEOUT",
          `${appId} is still ${report.state} after ${options.timeoutMs ?? 60_000} ms`,
          `Check the application in the RM UI (${report.trackingUrl ?? this.http.activeUrl}).`,
        );
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    }
  }

  private async get(path: string, what: string, params?: RmHttpRequestParams): Promise<Obj> {
    const res = await this.http.request<Obj>({ method: "GET", path, params, what });
    return res.data ?? {};
  }
}

type RmHttpRequestParams = Record<string, string | number | undefined>;
