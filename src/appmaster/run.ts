// Running an AM from composed dependencies, whatever the backend: the control server on the
// given host (https when a certificate is given), the AM core until the application ends, then the
// server closed. main.ts composes the YARN dependencies; local mode composes its own.
import { AppMaster } from "./app-master.js";
import { startControlServer } from "./control/index.js";
import type { AppMasterDeps } from "./deps.js";

export interface ControlOptions {
  /** Where the control server listens (on YARN: NM_HOST, reachable by the RM proxy and containers). */
  readonly host: string;
  /** The API's certificate and key (PEM): https, with the overview page on a separate http port. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** A path prefix a front end keeps when forwarding (YARN: /proxy/<appId>). */
  readonly proxyBase?: string;
}

/** Resolves with the AM process's exit code (0: the final status was recorded). */
export async function runAppMaster(deps: AppMasterDeps, control: ControlOptions): Promise<number> {
  const am = new AppMaster(deps);
  const server = await startControlServer({
    host: control.host,
    port: 0,
    secret: deps.secret,
    ...(control.tls ? { tls: control.tls } : {}),
    handlers: am.handlers,
    kv: deps.kv,
    ...(control.proxyBase ? { proxyBase: control.proxyBase } : {}),
    log: deps.log,
  });
  deps.log(`control server at ${server.url}` + (control.tls ? `, overview page at ${server.pageUrl}` : " (no TLS)"));
  try {
    return await am.run(server);
  } finally {
    await server.close();
  }
}
