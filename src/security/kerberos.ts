// Kerberos for the launcher: SPNEGO tokens for Hadoop's web endpoints from the user's ticket cache
// (kinit; KRB5CCNAME is honoured by the library) or from a keytab. The native binding (npm
// `kerberos`, an optionalDependency built against libkrb5) is loaded only here and only when the
// cluster is Kerberized, so users of simple-auth clusters need no compiler.
//
// Keytab login never touches the user's cache: the process gets a private in-memory cache and
// MIT krb5's client keytab (KRB5_CLIENT_KTNAME), from which GSS-API obtains the initial ticket by
// itself on first use. Both are process environment, set before the library's first call.
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { TsdaskError } from "../errors.js";
import type { NegotiateProvider } from "../hadoop-http/index.js";
import { kerberosError } from "./kerberos-errors.js";

export interface KerberosLogin {
  /** user@REALM; default: the ticket cache's principal, or the keytab's first entry. */
  readonly principal?: string;
  /** Log in from this keytab instead of the ticket cache. */
  readonly keytab?: string;
  /** Load the binding from this directory instead of the installed package (the AM's keytab-in-am copy). */
  readonly bindingPath?: string;
}

interface Binding {
  initializeClient(
    service: string,
    options: { mechOID?: unknown; principal?: string },
  ): Promise<{
    step(challenge: string): Promise<string>;
  }>;
  GSS_MECH_OID_SPNEGO: unknown;
  GSS_MECH_OID_KRB5: unknown;
}

let binding: Binding | undefined;

/** The native binding, loaded on first use. */
export function loadBinding(from = "kerberos"): Binding {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)(from) as Binding;
  } catch (e) {
    throw new TsdaskError(
      "KERBEROS_BINDING_MISSING",
      `the cluster uses Kerberos but the 'kerberos' Node.js binding cannot be loaded: ${(e as Error).message.split("\n")[0]}`,
      "Install it where tsdask-yarn is installed: apt-get install -y libkrb5-dev g++ make, then 'npm_config_nodedir=/usr npm install kerberos' (it builds from source).",
      { cause: e },
    );
  }
  return binding;
}

/** Checks the keytab and points this process's Kerberos library at it with a private cache. */
function useKeytab(keytab: string, env: NodeJS.ProcessEnv): void {
  try {
    accessSync(keytab, constants.R_OK);
  } catch (e) {
    throw new TsdaskError(
      "KERBEROS_KEYTAB_UNREADABLE",
      `cannot read the keytab ${keytab}: ${(e as Error).message}`,
      "Check the --keytab path (or the keytab config key / TSDASK_YARN_KEYTAB) and its permissions ('klist -kt FILE').",
    );
  }
  env.KRB5_CLIENT_KTNAME = keytab;
  env.KRB5CCNAME = `MEMORY:tsdask-yarn-${process.pid}`;
}

export class Kerberos implements NegotiateProvider {
  private readonly binding: Binding;

  constructor(
    private readonly login: KerberosLogin = {},
    env: NodeJS.ProcessEnv = process.env,
  ) {
    if (login.keytab) useKeytab(login.keytab, env);
    this.binding = loadBinding(login.bindingPath);
  }

  /** Who to name in hints (the principal, or a placeholder). */
  get who(): string {
    return this.login.principal ?? "<you>@<REALM>";
  }

  async negotiateToken(host: string): Promise<string> {
    try {
      return await this.token(host, this.binding.GSS_MECH_OID_SPNEGO);
    } catch (e) {
      throw kerberosError(await this.diagnose(host, e), host, this.who, this.login.keytab);
    }
  }

  private async token(host: string, mechOID: unknown): Promise<string> {
    const client = await this.binding.initializeClient(`HTTP@${host}`, {
      mechOID,
      ...(this.login.principal ? { principal: this.login.principal } : {}),
    });
    return client.step("");
  }

  /**
   * SPNEGO hides the Kerberos reason ("SPNEGO cannot find mechanisms to negotiate" for a missing,
   * expired or unusable ticket alike); the same step with the Kerberos mechanism names it.
   */
  private async diagnose(host: string, spnegoFailure: unknown): Promise<unknown> {
    try {
      await this.token(host, this.binding.GSS_MECH_OID_KRB5);
      return spnegoFailure;
    } catch (e) {
      return e;
    }
  }
}
