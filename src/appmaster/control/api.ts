// The authenticated JSON routes of the control API. Every request is validated completely before
// the AM core is called, so a bad request changes nothing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { TsdaskError } from "../../errors.js";
import {
  kvKeyProblem,
  MAX_BODY_BYTES,
  MAX_DIAGNOSTICS_LENGTH,
  MAX_INSTANCES,
  MAX_KV_WAIT_MS,
  ROUTES,
} from "../../control/routes.js";
import { CREDENTIALS_KV } from "../../control/runtime.js";
import { FINAL_STATUSES, type CredentialsStatus, type FinalStatus, type StatusReport } from "../../control/types.js";
import { HttpError, readJsonBody, sendJson } from "./http-io.js";
import type { KeyValueStore } from "./kv-store.js";
import type { DaskPageData } from "../dask-feed.js";

/** What the AM core provides to the control server. */
export interface ControlHandlers {
  /** A consistent snapshot of the application; called for every status request and page view. */
  getStatus(): StatusReport | Promise<StatusReport>;
  /**
   * Set the desired instances of an existing service (already validated). Resolve once the new
   * target is accepted, not when containers run. Throw a TsdaskError to refuse (→ 409 CONFLICT).
   */
  scale(service: string, instances: number): void | Promise<void>;
  /**
   * Begin shutting the application down. Resolve once shutdown has started: the answer to the
   * caller is sent after this, and the AM may close this server as part of shutting down.
   */
  shutdown(finalStatus: FinalStatus, diagnostics: string): void | Promise<void>;
  /**
   * Scale a dask worker service adaptively between the limits (already validated: whole numbers,
   * minimum ≤ maximum). Optional: a core without it answers 404. Throw a TsdaskError to refuse.
   */
  adapt?(service: string, limits: { minimum: number; maximum: number }): void | Promise<void>;
  /**
   * Resolve once the key-value store as it is now is journaled (a later AM attempt restores it);
   * a PUT is answered only after. Throw a TsdaskError when it could not be (→ 409 CONFLICT).
   * Optional: a core without a journal answers at once.
   */
  kvDurable?(): Promise<void>;
  /**
   * Fresh delegation tokens (alias → URL string, already checked to decode) for the AM and its
   * containers; resolves with the credentials status once they are in use and journaled.
   * Optional: a core without tokens answers 404.
   */
  refreshCredentials?(
    tokens: Readonly<Record<string, string>>,
    expiries: Readonly<Record<string, number>>,
  ): Promise<CredentialsStatus>;
  /**
   * The tracking page's dask section (dask.json on the page listener, no secret: the same facts the
   * dask dashboard shows anyone who reaches it). Optional: absent, or undefined for an application
   * without a dask scheduler, answers 404.
   */
  daskSummary?(): Promise<DaskPageData | undefined>;
}

export interface ApiContext {
  readonly handlers: ControlHandlers;
  readonly kv: KeyValueStore;
  /** Aborted when the server closes: long-polls are released with 503 AM_STOPPING. */
  readonly closing: AbortSignal;
}

function bad(message: string): HttpError {
  return new HttpError(400, "BAD_REQUEST", message);
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw bad("the body must be a JSON object");
  return body as Record<string, unknown>;
}

function allow(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? "")) {
    throw new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed here`, {
      Allow: methods.join(", "),
    });
  }
}

/**
 * Refusals of the request itself (asking again cannot succeed), as opposed to CONFLICT: the AM's
 * state does not allow it now.
 */
const REFUSED: ReadonlySet<string> = new Set(["AM_SINGLETON_SERVICE", "AM_SCALE_ABOVE_QUEUE"]);

/** Run an AM core handler: its TsdaskErrors are refusals the caller should see, anything else a bug. */
async function callCore<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TsdaskError) {
      throw new HttpError(409, REFUSED.has(err.code) ? "SCALE_REFUSED" : "CONFLICT", err.message);
    }
    throw err;
  }
}

async function scale(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = objectBody(await readJsonBody(req, MAX_BODY_BYTES));
  const { service, instances } = body;
  if (typeof service !== "string" || service === "") throw bad("'service' must be a non-empty string");
  if (typeof instances !== "number" || !Number.isInteger(instances) || instances < 0 || instances > MAX_INSTANCES) {
    throw bad(`'instances' must be a whole number from 0 to ${MAX_INSTANCES}`);
  }
  const status = await ctx.handlers.getStatus();
  const current = status.services.find((s) => s.name === service);
  if (!current) {
    const known = status.services.map((s) => s.name).join(", ") || "none";
    throw new HttpError(400, "UNKNOWN_SERVICE", `no service '${service}' in this application (services: ${known})`);
  }
  await callCore(() => ctx.handlers.scale(service, instances));
  sendJson(res, 200, { service, previous: current.desiredInstances, desired: instances });
}

function count(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_INSTANCES) {
    throw bad(`'${name}' must be a whole number from 0 to ${MAX_INSTANCES}`);
  }
  return value;
}

async function adapt(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const handler = ctx.handlers.adapt?.bind(ctx.handlers);
  if (!handler) throw new HttpError(404, "NOT_FOUND", "this ApplicationMaster does not scale adaptively");
  const body = objectBody(await readJsonBody(req, MAX_BODY_BYTES));
  if (typeof body.service !== "string" || body.service === "") throw bad("'service' must be a non-empty string");
  const service = body.service;
  const minimum = count(body.minimum, "minimum");
  const maximum = count(body.maximum, "maximum");
  if (minimum > maximum) throw bad(`'minimum' (${minimum}) is above 'maximum' (${maximum})`);
  const status = await ctx.handlers.getStatus();
  if (!status.services.some((s) => s.name === service)) {
    const known = status.services.map((s) => s.name).join(", ") || "none";
    throw new HttpError(400, "UNKNOWN_SERVICE", `no service '${service}' in this application (services: ${known})`);
  }
  await callCore(() => handler(service, { minimum, maximum }));
  sendJson(res, 200, { service, minimum, maximum });
}

async function shutdown(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = objectBody(await readJsonBody(req, MAX_BODY_BYTES));
  const { finalStatus, diagnostics = "" } = body;
  if (!FINAL_STATUSES.includes(finalStatus as FinalStatus)) {
    throw bad(`'finalStatus' must be one of ${FINAL_STATUSES.join(", ")}`);
  }
  if (typeof diagnostics !== "string" || diagnostics.length > MAX_DIAGNOSTICS_LENGTH) {
    throw bad(`'diagnostics' must be a string of at most ${MAX_DIAGNOSTICS_LENGTH} characters`);
  }
  await callCore(() => ctx.handlers.shutdown(finalStatus as FinalStatus, diagnostics));
  sendJson(res, 202, { accepted: true, finalStatus });
}

/** Tokens per request: a handful of NameNodes and services, far below this. */
const MAX_TOKENS = 64;

function stringRecord<T>(value: unknown, name: string, check: (v: unknown) => v is T): Record<string, T> {
  if (value === undefined) return {};
  const o = objectBody(value);
  if (Object.keys(o).length > MAX_TOKENS) throw bad(`'${name}' has more than ${MAX_TOKENS} entries`);
  for (const [k, v] of Object.entries(o)) if (k === "" || !check(v)) throw bad(`'${name}.${k}' is not valid`);
  return o as Record<string, T>;
}

async function credentials(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const handler = ctx.handlers.refreshCredentials?.bind(ctx.handlers);
  if (!handler) throw new HttpError(404, "NOT_FOUND", "this ApplicationMaster keeps no delegation tokens");
  const body = objectBody(await readJsonBody(req, MAX_BODY_BYTES));
  const tokens = stringRecord(body.tokens, "tokens", (v): v is string => typeof v === "string");
  if (Object.keys(tokens).length === 0) throw bad("'tokens' must name at least one token");
  // The AM core decodes them (a token that does not decode is refused there, nothing changed).
  for (const [alias, url] of Object.entries(tokens)) {
    if (!/^[A-Za-z0-9_-]+=*$/.test(url))
      throw bad(`token '${alias}' is not a Hadoop token URL string (URL-safe base64)`);
  }
  const expiries = stringRecord(body.expiries, "expiries", (v): v is number => Number.isSafeInteger(v));
  const status = await callCore(() => handler(tokens, expiries));
  sendJson(res, 200, { credentials: status });
}

function waitParam(url: URL): number | undefined {
  const raw = url.searchParams.get("wait");
  if (raw === null) return undefined;
  const ms = Number(raw);
  if (raw === "" || !Number.isInteger(ms) || ms < 0 || ms > MAX_KV_WAIT_MS) {
    throw bad(`'wait' must be a whole number of milliseconds from 0 to ${MAX_KV_WAIT_MS}`);
  }
  return ms;
}

async function kv(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  allow(req, "GET", "PUT");
  let key: string;
  try {
    key = decodeURIComponent(url.pathname.slice(ROUTES.kv.length));
  } catch {
    throw bad("the key is not valid percent-encoding");
  }
  const problem = kvKeyProblem(key);
  if (problem) throw bad(problem);

  if (req.method === "PUT") {
    const { value } = objectBody(await readJsonBody(req, MAX_BODY_BYTES));
    if (typeof value !== "string") throw bad("'value' must be a string");
    // The AM alone writes the tokens it hands to containers (after a refresh or a keytab login):
    // a put here would feed every container's token file whatever it carried.
    if (key === CREDENTIALS_KV) {
      throw bad(`key '${key}' is written only by the AM; run 'tsdask-yarn credentials refresh APP' for new tokens`);
    }
    const change = ctx.kv.put(key, value);
    // Like a scale, a put is acknowledged once journaled: an AM killed right after the answer
    // must not take an acknowledged value (the dask scheduler's address, a user's key) with it.
    const durable = ctx.handlers.kvDurable;
    if (durable) await callCore(() => durable.call(ctx.handlers));
    return sendJson(res, 200, { key, revision: change.revision });
  }

  const wait = waitParam(url);
  if (wait === undefined) {
    const value = ctx.kv.get(key);
    if (value === undefined) throw new HttpError(404, "KV_NOT_FOUND", `key '${key}' is not set`);
    return sendJson(res, 200, { key, value });
  }
  // The wait ends early when the caller hangs up (no one to answer) or the server closes.
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  const outcome = await ctx.kv.wait(key, wait, AbortSignal.any([gone.signal, ctx.closing]));
  if (outcome.kind === "value") return sendJson(res, 200, { key, value: outcome.value });
  if (outcome.kind === "timeout") {
    throw new HttpError(404, "KV_WAIT_TIMEOUT", `key '${key}' was not written within ${wait} ms`);
  }
  throw new HttpError(503, "AM_STOPPING", "the ApplicationMaster is shutting down", { Connection: "close" });
}

/** Dispatch one authenticated request under API_PREFIX. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  switch (url.pathname) {
    case ROUTES.status:
      allow(req, "GET", "HEAD");
      return sendJson(res, 200, await ctx.handlers.getStatus());
    case ROUTES.scale:
      allow(req, "POST");
      return scale(ctx, req, res);
    case ROUTES.shutdown:
      allow(req, "POST");
      return shutdown(ctx, req, res);
    case ROUTES.adapt:
      allow(req, "POST");
      return adapt(ctx, req, res);
    case ROUTES.credentials:
      allow(req, "POST");
      return credentials(ctx, req, res);
  }
  if (url.pathname.startsWith(ROUTES.kv)) return kv(ctx, req, res, url);
  throw new HttpError(404, "NOT_FOUND", `no API route ${url.pathname}`);
}
