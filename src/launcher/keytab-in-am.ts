// keytab-in-am (Spark's --keytab for the AM): the user's keytab goes into the application's 0700
// staging dir (0600) with the Kerberos binding the AM loads to log in from it. The binding is the
// launcher's own native addon (npm `kerberos`), so it only runs on nodes of the launcher's
// platform; anything else is refused here, before anything is uploaded, rather than in the AM.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create as tarCreate } from "tar";
import { APP_FILES } from "../control/runtime.js";
import { TsdaskError } from "../errors.js";
import type { ClusterAddresses } from "../hadoop-conf/index.js";
import type { ApplicationSpec } from "../spec/types.js";
import type { StagedFile } from "../control/runtime.js";

export interface StagedKeytab {
  readonly keytab: StagedFile;
  readonly binding: StagedFile;
}

/** What the AM needs of the binding: its package.json, its JavaScript and the compiled addon. */
const BINDING_FILES = ["kerberos/package.json", "kerberos/lib", "kerberos/build/Release/kerberos.node"];

function bindingMissing(why: string): TsdaskError {
  return new TsdaskError(
    "KERBEROS_BINDING_MISSING",
    `--keytab-in-am: the ApplicationMaster cannot get a Kerberos binding: ${why}`,
    "Install the 'kerberos' package where tsdask-yarn is installed (apt-get install -y libkrb5-dev g++ make; " +
      "npm_config_nodedir=/usr npm install kerberos) on a machine of the nodes' platform, or run " +
      "'tsdask-yarn credentials refresh APP' periodically instead of --keytab-in-am.",
  );
}

/** The binding as a .tar.gz the NodeManager extracts to kerberos-binding/ (kerberos/... inside). */
export async function kerberosBindingArchive(nodesPlatform: string | undefined): Promise<Buffer> {
  const here = `${process.platform}-${process.arch}`;
  if (nodesPlatform && nodesPlatform !== here)
    throw bindingMissing(`the binding here is built for ${here}, the nodes run ${nodesPlatform}`);
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve("kerberos/package.json");
  } catch (e) {
    throw bindingMissing(`the 'kerberos' package is not installed here (${(e as Error).message.split("\n")[0]})`);
  }
  const temp = mkdtempSync(join(tmpdir(), "tsdask-krb-"));
  try {
    const file = join(temp, "binding.tar.gz");
    await tarCreate({ file, cwd: dirname(dirname(pkg)), gzip: true, portable: true }, BINDING_FILES).catch(
      (e: Error) => {
        throw bindingMissing(`packing it failed (${e.message}): is it built (build/Release/kerberos.node)?`);
      },
    );
    return readFileSync(file);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The keytab and the binding, read and checked before anything is uploaded; undefined without keytab-in-am. */
export interface KeytabInAmFiles {
  readonly keytab: Buffer;
  readonly binding: Buffer;
}

export async function prepareKeytabInAm(
  spec: ApplicationSpec,
  addresses: Pick<ClusterAddresses, "securityEnabled">,
): Promise<KeytabInAmFiles | undefined> {
  if (!spec.keytabInAm) return undefined;
  if (!addresses.securityEnabled)
    throw new TsdaskError(
      "KEYTAB_IN_AM_INVALID",
      "--keytab-in-am: the cluster does not use Kerberos, so there are no tokens for the AM to renew",
      "Drop --keytab-in-am (keytab-in-am: false) on this cluster.",
    );
  if (!spec.keytab)
    throw new TsdaskError(
      "KEYTAB_IN_AM_INVALID",
      "--keytab-in-am needs a keytab to ship, and none is set",
      "Give --keytab FILE (or keytab: in the config or spec) together with --keytab-in-am.",
    );
  const binding = await kerberosBindingArchive(spec.runtimeInfo?.platform);
  let keytab: Buffer;
  try {
    keytab = readFileSync(spec.keytab);
  } catch (e) {
    throw new TsdaskError(
      "KERBEROS_KEYTAB_UNREADABLE",
      `cannot read the keytab ${spec.keytab}: ${(e as Error).message}`,
      "Check the --keytab path and its permissions ('klist -kt FILE').",
    );
  }
  return { keytab, binding };
}

/** Uploads them into the staging dir (0600, like every file there). */
export async function stageKeytabInAm(
  files: KeytabInAmFiles,
  put: (path: string, bytes: Uint8Array) => Promise<StagedFile>,
  dir: string,
): Promise<StagedKeytab> {
  return {
    keytab: await put(`${dir}/${APP_FILES.keytab}`, files.keytab),
    binding: await put(`${dir}/${APP_FILES.kerberosBinding}`, files.binding),
  };
}
