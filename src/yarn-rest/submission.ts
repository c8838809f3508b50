// ApplicationSubmission → the JSON the RM's `POST /ws/v1/cluster/apps` reads
// (ApplicationSubmissionContextInfo). Maps are Jersey 1 "natural JSON": {"entry":[{key,value}]}.
// Checks the RM would only report vaguely (or not at all) are made here, with a clear message.
import { TsdaskError } from "../errors.js";
import type { ApplicationSubmission, ContainerLaunchContext, LocalResource } from "./types.js";

type Json = Record<string, unknown>;

const APP_ID = /^application_\d+_\d+$/;

export function submissionJson(s: ApplicationSubmission): Json {
  validate(s);
  const out: Json = {
    "application-id": s.applicationId,
    "application-name": s.name,
    "am-container-spec": containerSpec(s.amContainer),
    resource: { memory: s.resource.memoryMb, vCores: s.resource.vcores },
    "unmanaged-AM": s.unmanagedAm ?? false,
  };
  put(out, "queue", s.queue);
  put(out, "priority", s.priority);
  put(out, "application-type", s.applicationType);
  put(out, "max-app-attempts", s.maxAppAttempts);
  put(out, "keep-containers-across-application-attempts", s.keepContainersAcrossApplicationAttempts);
  put(out, "attempt-failures-validity-interval", s.attemptFailuresValidityIntervalMs);
  put(out, "cancel-tokens-when-complete", s.cancelTokensWhenComplete);
  put(out, "app-node-label-expression", s.nodeLabel);
  put(out, "am-container-node-label-expression", s.amNodeLabel);
  put(out, "reservation-id", s.reservationId);
  if (s.tags?.length) out["application-tags"] = { tag: [...s.tags] };
  if (s.amBlacklisting) {
    out["am-black-listing-requests"] = {
      "am-black-listing-enabled": s.amBlacklisting.enabled,
      "disable-failure-threshold": s.amBlacklisting.disableFailureThreshold,
    };
  }
  const la = s.logAggregation;
  if (la) {
    const ctx: Json = {};
    put(ctx, "log-include-pattern", la.includePattern);
    put(ctx, "log-exclude-pattern", la.excludePattern);
    put(ctx, "rolled-log-include-pattern", la.rolledLogsIncludePattern);
    put(ctx, "rolled-log-exclude-pattern", la.rolledLogsExcludePattern);
    put(ctx, "log-aggregation-policy-class-name", la.policyClassName);
    put(ctx, "log-aggregation-policy-parameters", la.policyParameters);
    out["log-aggregation-context"] = ctx;
  }
  return out;
}

function containerSpec(c: ContainerLaunchContext): Json {
  const spec: Json = { commands: { command: c.command } };
  const resources = Object.entries(c.localResources ?? {});
  if (resources.length) spec["local-resources"] = entries(resources.map(([k, r]) => [k, localResource(r)]));
  if (c.environment && Object.keys(c.environment).length) spec.environment = entries(Object.entries(c.environment));
  if (c.serviceData && Object.keys(c.serviceData).length) spec["service-data"] = entries(Object.entries(c.serviceData));
  if (c.tokens || c.secrets) {
    spec.credentials = {
      tokens: entries(Object.entries(c.tokens ?? {})),
      secrets: entries(Object.entries(c.secrets ?? {})),
    };
  }
  if (c.acls && Object.keys(c.acls).length) spec["application-acls"] = entries(Object.entries<string>(c.acls));
  return spec;
}

function localResource(r: LocalResource): Json {
  const out: Json = { resource: r.url, type: r.type, visibility: r.visibility, size: r.size, timestamp: r.timestamp };
  put(out, "pattern", r.pattern);
  return out;
}

function entries(pairs: [string, unknown][]): Json {
  return { entry: pairs.map(([key, value]) => ({ key, value })) };
}

function put(o: Json, key: string, v: unknown): void {
  if (v !== undefined) o[key] = v;
}

function invalid(message: string, hint: string): never {
  throw new TsdaskError("YARN_SUBMISSION_INVALID", message, hint);
}

function validate(s: ApplicationSubmission): void {
  if (!APP_ID.test(s.applicationId)) {
    invalid(
      `'${s.applicationId}' is not an application id`,
      "Use the id returned by new-application (application_<cluster>_<n>).",
    );
  }
  if (!s.name.trim()) invalid("the application name is empty", "Give the application a name.");
  const { memoryMb, vcores } = s.resource;
  if (!(Number.isInteger(memoryMb) && memoryMb > 0) || !(Number.isInteger(vcores) && vcores > 0)) {
    invalid(
      `AM resource ${memoryMb} MiB / ${vcores} vcores is not valid`,
      "Memory (MiB) and vcores must be positive integers.",
    );
  }
  if (!s.amContainer.command.trim())
    invalid("the AM command is empty", "Give the command that starts the ApplicationMaster.");
  for (const [name, r] of Object.entries(s.amContainer.localResources ?? {})) {
    // The RM rejects ≤ 0 and the NodeManager refuses a resource whose size or time changed,
    // so both must be exactly what GETFILESTATUS reported.
    if (!(r.size > 0) || !(r.timestamp > 0)) {
      invalid(
        `local resource '${name}' (${r.url}) has size ${r.size} and timestamp ${r.timestamp}`,
        "Use the length and modificationTime WebHDFS GETFILESTATUS reports for the uploaded file.",
      );
    }
    if (r.type === "PATTERN" && !r.pattern)
      invalid(`local resource '${name}' is a PATTERN without a pattern`, "Set its pattern.");
  }
}
