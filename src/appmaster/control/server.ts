// The AM's control server: the JSON API under /api/v1 (bearer secret) and the read-only overview at
// "/" (no secret: it is what the RM web proxy shows behind the application's tracking URL).
// With TLS the API listens on https (certificate from the application's CA) and the overview gets
// a plain-HTTP listener of its own: the RM web proxy fetches the tracking URL with the JVM's default
// trust store, which does not know our CA, so an https tracking URL would show the user an error.
// That listener serves the page (and the JSON its dask section polls) and nothing else; the API
// there answers 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { API_PREFIX } from "../../control/routes.js";
import { handleApi, type ControlHandlers } from "./api.js";
import { bearerChecker } from "./auth.js";
import { HttpError, sendError, sendHtml, sendJson } from "./http-io.js";
import { KeyValueStore } from "./kv-store.js";
import { DASK_PAGE_DATA, PAGE_CSP } from "./dask-section.js";
import { renderOverview, renderUnavailable } from "./page.js";

export interface ControlServerOptions {
  /** Address to listen on: the AM's NM_HOST, so the RM proxy and the containers can reach it. */
  readonly host: string;
  /** 0 picks a free port; the AM registers the port it got with the RM. */
  readonly port: number;
  readonly secret: string;
  readonly handlers: ControlHandlers;
  /** The AM core's store (restored from the journal on attempt > 1); a new empty one by default. */
  readonly kv?: KeyValueStore;
  /**
   * A path prefix some front ends keep when forwarding (e.g. "/proxy/application_1_0001"). Paths
   * that start with it are served as if it were not there; paths without it work too.
   */
  readonly proxyBase?: string;
  /** Where to report rejected requests and handler failures. The secret never reaches it. */
  readonly log?: (line: string) => void;
  readonly pageRefreshSeconds?: number;
  /** Slowloris guards: time to receive the headers / the whole request (not the answer). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** The API's certificate and key (PEM): serve it over https, the page on a separate http port. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface ControlServer {
  readonly host: string;
  /** The API's port: what the AM registers as its RPC port. */
  readonly port: number;
  /** https://host:port of the API (http:// without TLS). */
  readonly url: string;
  /** http://host:port of the overview page: what the AM registers as its tracking URL. */
  readonly pageUrl: string;
  readonly kv: KeyValueStore;
  /** Releases long-polls (503 AM_STOPPING), stops accepting, and resolves when all sockets closed. */
  close(): Promise<void>;
}

/** After close(), connections still busy after this long are cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The request target as a URL. Only the origin form (a path) is meaningful here; a target like
 * "//x" would otherwise parse as a protocol-relative URL and "*" or "http:x" as no path at all.
 */
function requestUrl(target: string | undefined): URL {
  const t = target ?? "/";
  try {
    if (t.startsWith("/")) return new URL(`http://am.invalid${t}`);
  } catch {
    // falls through to the 400 below
  }
  throw new HttpError(400, "BAD_REQUEST", "the request target must be a path");
}

function stripBase(pathname: string, base: string | undefined): string {
  if (!base) return pathname;
  const b = base.replace(/\/+$/, "");
  if (pathname === b) return "/";
  return pathname.startsWith(`${b}/`) ? pathname.slice(b.length) : pathname;
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const check = bearerChecker(options.secret);
  const log = options.log ?? (() => {});
  const kv = options.kv ?? new KeyValueStore();
  const closing = new AbortController();
  const ctx = { handlers: options.handlers, kv, closing: closing.signal };

  async function page(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed here`, { Allow: "GET, HEAD" });
    }
    let html: string;
    const dask = options.handlers.daskSummary !== undefined;
    try {
      html = renderOverview(await options.handlers.getStatus(), { refreshSeconds: options.pageRefreshSeconds, dask });
    } catch (err) {
      log(`control: status for the overview page failed: ${(err as Error).message}`);
      html = renderUnavailable("The ApplicationMaster could not produce a status report; it will be retried.");
    }
    sendHtml(res, html, req.method === "HEAD", dask ? PAGE_CSP : undefined);
  }

  /** The page's dask section as JSON, polled by the page's script (a relative URL: through the RM proxy too). */
  async function daskJson(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET") {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed here`, { Allow: "GET" });
    }
    const data = await options.handlers.daskSummary?.();
    if (!data) throw new HttpError(404, "NOT_FOUND", "this application has no dask scheduler");
    sendJson(res, 200, data);
  }

  async function route(req: IncomingMessage, res: ServerResponse, api: boolean): Promise<void> {
    const url = requestUrl(req.url);
    url.pathname = stripBase(url.pathname, options.proxyBase);
    if (url.pathname === "/" || url.pathname === "/index.html") return page(req, res);
    if (url.pathname === `/${DASK_PAGE_DATA}`) return daskJson(req, res);
    if (!api || (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`))) {
      throw new HttpError(404, "NOT_FOUND", `nothing at ${url.pathname}`);
    }
    const auth = check(req);
    if (auth !== "ok") {
      // Who asked and what, never the header's content.
      log(`control: ${auth} secret from ${req.socket.remoteAddress} for ${req.method} ${url.pathname}`);
      throw new HttpError(401, "UNAUTHORIZED", "missing or wrong application secret", {
        "WWW-Authenticate": 'Bearer realm="tsdask-yarn"',
      });
    }
    return handleApi(ctx, req, res, url);
  }

  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  // Node checks these timeouts on an interval (30 s by default); check often enough to honour them.
  const connectionsCheckingInterval = Math.max(50, Math.min(5_000, Math.floor(headersTimeout / 2)));
  const handler = (api: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    route(req, res, api).catch((err: unknown) => {
      if (err instanceof HttpError) {
        // A refused body is not read to its end; close the connection instead of draining it.
        if (err.status === 413) res.setHeader("Connection", "close");
        return sendError(res, err);
      }
      log(`control: ${req.method} ${req.url} failed: ${(err as Error)?.stack ?? String(err)}`);
      sendError(res, new HttpError(500, "INTERNAL", "internal error in the ApplicationMaster"));
    });
  };
  const tls = options.tls;
  const server: Server = tls
    ? createHttpsServer(
        // A client that never finishes its handshake is cut as soon as one that never sends headers.
        { connectionsCheckingInterval, cert: tls.cert, key: tls.key, handshakeTimeout: headersTimeout },
        handler(true),
      )
    : createServer({ connectionsCheckingInterval }, handler(true));
  const pageServer = tls ? createServer({ connectionsCheckingInterval }, handler(false)) : undefined;
  const servers = pageServer ? [server, pageServer] : [server];
  for (const s of servers) {
    s.headersTimeout = headersTimeout;
    s.requestTimeout = options.requestTimeoutMs ?? 30_000;
    s.keepAliveTimeout = 5_000;
  }
  const port = await listen(server, options.port, options.host);
  const pagePort = pageServer ? await listen(pageServer, 0, options.host) : port;
  const hostInUrl = options.host.includes(":") ? `[${options.host}]` : options.host;

  let closed: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    url: `${tls ? "https" : "http"}://${hostInUrl}:${port}`,
    pageUrl: `http://${hostInUrl}:${pagePort}`,
    kv,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        // Let the released long-polls write their 503 before the listener goes away.
        setImmediate(() => {
          let open = servers.length;
          for (const s of servers) {
            s.close(() => --open === 0 && resolve());
            s.closeIdleConnections();
            setTimeout(() => s.closeAllConnections(), CLOSE_GRACE_MS).unref();
          }
        });
      });
      return closed;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
