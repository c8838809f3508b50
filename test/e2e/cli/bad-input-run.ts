// Running one bad-input case: its files in a fresh directory, placeholders filled in, the built
// CLI spawned with HADOOP_CONF_DIR given explicitly, and the first "error:" line compared with the
// table's template. Shared by bad-input.test.ts and the doc generator (scripts/bad-input-doc.ts).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../support/cluster.js";
import type { BadInputCase } from "./bad-input-cases.js";
import { runCli, tempHome, type CliResult } from "./run-cli.js";

/** What the placeholders stand for in one run. */
export interface Fixtures {
  readonly confDir: string;
  readonly user: string;
  readonly env: string;
  readonly finished: string;
  readonly badConf: string;
  /** A running dask application, for the rows marked runningDaskApp. */
  readonly running?: string;
  /** Tag every submit of the run carries (TSDASK_YARN_TAGS), to find anything that reached the RM. */
  readonly tag: string;
  /** More placeholders ({KEYTAB}...) and CLI environment for every row of the run (the secure cluster's). */
  readonly moreValues?: Readonly<Record<string, string>>;
  readonly cliEnv?: Readonly<Record<string, string>>;
}

/** The dask environment archive (built or reused by cluster/dask-env/build). */
export function daskEnvArchive(): string {
  const r = spawnSync(join(ROOT, "cluster", "dask-env", "build"), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cluster/dask-env/build failed: ${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

/** A copy of the cluster's conf whose ResourceManager addresses point at a port nothing listens on. */
export function deadRmConf(confDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tsdask-badconf-"));
  cpSync(confDir, dir, { recursive: true });
  const site = join(dir, "yarn-site.xml");
  // By property name, not port number: the ports move with TSDASK_PORT_OFFSET.
  const rmAddress =
    /(<name>yarn\.resourcemanager\.(?:webapp\.(?:https\.)?address|address|scheduler\.address)<\/name>\s*<value>)[^<]*/g;
  writeFileSync(site, readFileSync(site, "utf8").replace(rmAddress, "$1127.0.0.1:9"));
  return dir;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The template with placeholders replaced: literal values, or patterns for {APP} and {HEX}. */
export function templateRegExp(template: string, values: Record<string, string>): RegExp {
  const parts = template.split(/(\{[A-Z]+\})/);
  const body = parts
    .map((p) => {
      if (p === "{APP}") return "application_\\d+_\\d+";
      if (p === "{HEX}") return "[0-9a-f]+";
      if (p === "{N}") return "\\d+";
      if (p === "{SIZE}") return "\\d+ [MG]iB";
      const name = /^\{([A-Z]+)\}$/.exec(p)?.[1];
      return name && values[name] !== undefined ? escape(values[name]) : escape(p);
    })
    .join("");
  return new RegExp(`^${body}$`);
}

export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{([A-Z]+)\}/g, (m, name: string) => values[name] ?? m);
}

export interface CaseRun extends CliResult {
  readonly dir: string;
  readonly values: Record<string, string>;
  /** The first stderr line starting with "error:" ("" when there is none). */
  readonly errorLine: string;
  /** Application ids the CLI reported on stderr (new-application hands one out before checks). */
  readonly appIds: string[];
}

export async function runCase(c: BadInputCase, fx: Fixtures): Promise<CaseRun> {
  const dir = tempHome();
  const values = {
    DIR: dir,
    ENV: fx.env,
    FINISHED: fx.finished,
    BADCONF: fx.badConf,
    ...(fx.running ? { RUNNING: fx.running } : {}),
    ...fx.moreValues,
  };
  for (const [name, content] of Object.entries(c.files ?? {})) {
    if (content === null) mkdirSync(join(dir, name), { recursive: true });
    else writeFileSync(join(dir, name), content);
  }
  const env: Record<string, string> = { HADOOP_USER_NAME: fx.user, TSDASK_YARN_TAGS: fx.tag, ...fx.cliEnv };
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = fill(v, values);
  const r = await runCli(
    c.args.map((a) => fill(a, values)),
    { confDir: fx.confDir, env, home: dir, cwd: dir, timeoutMs: 60_000 },
  );
  const errorLine = r.stderr.split("\n").find((l) => l.startsWith("error:")) ?? "";
  // Progress says "application <id>" after new-application and "cleaning up <id>: …" on failure
  // (hints quote an example id, which must not count).
  const appIds = [
    ...new Set([...r.stderr.matchAll(/^(?:application|cleaning up) (application_\d+_\d+)/gm)].map((m) => m[1]!)),
  ];
  return { ...r, dir, values, errorLine, appIds };
}

/** The exit code and first error line a row promises, no stack trace (BAD_INPUT_DUMP=FILE: record them instead). */
export function checkCaseOutput(k: BadInputCase, r: CaseRun): void {
  const label = `${k.what}: ${k.args.join(" ")}\n${r.stderr}`;
  // BAD_INPUT_DUMP=FILE appends what the CLI said instead of checking it (to write a new row's message).
  if (process.env.BAD_INPUT_DUMP) {
    const generic = r.errorLine
      .replaceAll(r.values.DIR!, "{DIR}")
      .replaceAll(r.values.ENV!, "{ENV}")
      .replaceAll(r.values.BADCONF!, "{BADCONF}")
      .replaceAll(r.values.FINISHED!, "{FINISHED}")
      .replace(/application_\d{6,}_\d+/g, "{APP}")
      .replace(/[0-9a-f]{64}/g, "{HEX}");
    appendFileSync(process.env.BAD_INPUT_DUMP, JSON.stringify({ what: k.what, code: r.code, message: generic }) + "\n");
    return;
  }
  assert.equal(r.code, k.exit, `exit code of ${label}`);
  assert.match(r.errorLine, templateRegExp(k.message, r.values), label);
  assert.doesNotMatch(r.stderr, /\n\s+at .*\(/, `no stack trace: ${label}`);
  assert.doesNotMatch(r.stderr, /internal error/, label);
}
