// The control API's certificate. Each AM attempt issues its own on the node it runs on, signed by
// the application's CA (staged by the launcher, localized to the AM container only), so clients
// verify both the chain and the host name, and a later attempt on another node is trusted the same.
import { readFileSync } from "node:fs";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { TsdaskError } from "../errors.js";
import { CONTAINER_FILES } from "../control/runtime.js";
import { issueLeaf, type PemPair } from "../security/index.js";

/** The names a client may use for this host: the NM's host name and every address it resolves to. */
export async function hostNames(nmHost: string): Promise<string[]> {
  if (isIP(nmHost)) return [nmHost];
  try {
    const addrs = await lookup(nmHost, { all: true });
    return [nmHost, ...addrs.map((a) => a.address)];
  } catch {
    // A name this node cannot resolve still goes in: clients that can resolve it verify it.
    return [nmHost];
  }
}

function readLocalized(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new TsdaskError(
      "AM_TLS_MISSING",
      `the AM container has no ${what} (${file}): ${(e as Error).message}`,
      "The launcher stages it for applications with TLS; check that the staging directory still exists.",
      { cause: e },
    );
  }
}

export async function controlCertificate(appId: string, nmHost: string, attempt: number): Promise<PemPair> {
  const ca = {
    cert: readLocalized(CONTAINER_FILES.tlsCa, "CA certificate"),
    key: readLocalized(CONTAINER_FILES.tlsCaKey, "CA key"),
  };
  return issueLeaf(ca, { commonName: `tsdask-yarn AM ${appId} attempt ${attempt}`, hosts: await hostNames(nmHost) });
}
