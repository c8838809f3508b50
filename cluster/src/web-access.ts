// How the cluster script itself reaches the daemons' web endpoints: plain HTTP with
// `user.name=` on the simple cluster; on the secure one HTTPS (our CA) with SPNEGO from the
// admin principal's ticket cache, through Debian's curl (built with GSS-API), so the script
// needs no Kerberos binding of its own.
import { execFile } from "node:child_process";
import { ADMIN_USER, kerberosPaths, krb5Env } from "./kdc.js";
import { HOST, type Layout, nmPorts, PORTS } from "./layout.js";
import { tlsPaths } from "./tls.js";

export interface WebAccess {
  rmWeb: string;
  nnWeb: string;
  /** host:port the RM reports as nodeHTTPAddress for NodeManager i. */
  nmAddress: (i: number) => string;
  /** `&user.name=root` on the simple cluster; Kerberos carries the identity on the secure one. */
  asAdmin: string;
  getJson: (url: string, method?: string) => Promise<any>;
}

function parse(url: string, method: string, status: number, text: string): any {
  if (status < 200 || status > 299) throw new Error(`${method} ${url} -> HTTP ${status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {}; // SETOWNER and friends answer 200 with an empty body
}

// Generous: the first calls after a start meet daemons still warming up (JIT, a freshly formatted
// NameNode), and a busy 2-core machine makes them slower still.
const CALL_TIMEOUT_S = 30;

async function fetchJson(url: string, method = "GET"): Promise<any> {
  const r = await fetch(url, { method, signal: AbortSignal.timeout(CALL_TIMEOUT_S * 1000) });
  return parse(url, method, r.status, await r.text());
}

export function plainWeb(): WebAccess {
  return {
    rmWeb: `http://${HOST}:${PORTS.rmWeb}`,
    nnWeb: `http://${HOST}:${PORTS.nnHttp}`,
    nmAddress: (i) => `${HOST}:${nmPorts(i).web}`,
    asAdmin: "&user.name=root",
    getJson: fetchJson,
  };
}

/** `curl --negotiate` as the admin principal; the status code comes after the body's last newline. */
function curlJson(l: Layout, url: string, method = "GET"): Promise<any> {
  const args = ["-sS", "--negotiate", "-u", ":", "--cacert", tlsPaths(l).caPem, "--max-time", String(CALL_TIMEOUT_S)];
  args.push("-X", method, "-w", "\n%{http_code}", url);
  const env = { ...process.env, ...krb5Env(l), KRB5CCNAME: `FILE:${kerberosPaths(l).ccache(ADMIN_USER)}` };
  return new Promise((resolve, reject) => {
    execFile("curl", args, { env, encoding: "utf8", timeout: (CALL_TIMEOUT_S + 5) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`curl ${method} ${url}: ${stderr.trim() || err.message}`));
      const cut = stdout.lastIndexOf("\n");
      try {
        resolve(parse(url, method, Number(stdout.slice(cut + 1)), stdout.slice(0, cut)));
      } catch (e) {
        reject(e);
      }
    });
  });
}

export function secureWeb(l: Layout): WebAccess {
  return {
    rmWeb: `https://${HOST}:${PORTS.rmWebHttps}`,
    nnWeb: `https://${HOST}:${PORTS.nnHttps}`,
    nmAddress: (i) => `${HOST}:${nmPorts(i).webHttps}`,
    asAdmin: "",
    getJson: (url, method) => curlJson(l, url, method),
  };
}

export function webAccess(l: Layout, secure: boolean): WebAccess {
  return secure ? secureWeb(l) : plainWeb();
}
