// Request/response plumbing of the control server: bounded JSON bodies, JSON answers, and one
// error type that carries the HTTP status and the API's error code.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerErrorCode } from "../../control/routes.js";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The request body parsed as JSON. More than `limit` bytes → 413 without reading further (both
 * for a declared Content-Length and for a chunked body that keeps going).
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new HttpError(413, "PAYLOAD_TOO_LARGE", `request body larger than ${limit} bytes`);
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on("error", (err) => reject(err));
    req.on("end", () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, "BAD_REQUEST", "the request body is not valid JSON"));
      }
    });
  });
}

const SECURITY_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError) {
  sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
}

/** The page's default policy: no script, frames or remote assets, so an injected tag could do nothing. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function sendHtml(res: ServerResponse, html: string, headOnly: boolean, csp = HTML_CSP) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(html),
    "Content-Security-Policy": csp,
    "Referrer-Policy": "no-referrer",
  });
  res.end(headOnly ? undefined : html);
}
