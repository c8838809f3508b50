// `logs APP` on finished applications against what Hadoop's own `yarn logs -applicationId` prints,
// byte for byte, for every container and file, with each log-aggregation controller: one
// throw-away cluster per format (its own work dir; port offset TSDASK_AGG_LOGS_OFFSET, default
// 16000), started and stopped here, so the shared cluster keeps its settings. The application has
// two generic services (no dask environment needed): one prints text (non-ASCII, stdout and
// stderr, no final newline), one writes 100 MiB to stdout, which the reader must stream: the
// CLI's peak RSS is printed; the test checks only that reading the 100 MiB file adds far less
// than 100 MiB to it (compared with `status` of the same application, which reads no log).
// About 1.5 min per format.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileKey, joinRolledParts, parseYarnLogsOutput } from "../../support/yarn-logs-output.js";
import { ROOT } from "../../support/cluster.js";
import { CLI, runCli, tempHome } from "./run-cli.js";

const OFFSET = process.env.TSDASK_AGG_LOGS_OFFSET ?? "16000";
const BIG = 100 * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), "tsdask-agg-logs-"));
const clusterEnv = { ...process.env, TSDASK_CLUSTER_DIR: join(work, "cluster"), TSDASK_PORT_OFFSET: OFFSET };

function hadoop(args: string[], stdoutFile?: string) {
  const fd = stdoutFile ? openSync(stdoutFile, "w") : undefined;
  try {
    const r = spawnSync(join(ROOT, "cluster", "hadoop"), args, {
      env: clusterEnv,
      stdio: ["ignore", fd ?? "pipe", "pipe"],
      encoding: "utf8",
      timeout: 300_000,
    });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

after(() => {
  hadoop(["down"]);
  rmSync(work, { recursive: true, force: true });
});

/** Runs the CLI with stdout to a file, sampling its peak RSS (VmHWM) from /proc while it runs. */
function cliToFile(
  args: string[],
  env: Record<string, string>,
  file: string,
): Promise<{ code: number | null; stderr: string; peakRssKiB: number }> {
  const fd = openSync(file, "w");
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    cwd: tempHome(),
    stdio: ["ignore", fd, "pipe"],
  });
  let stderr = "";
  let peak = 0;
  child.stderr!.on("data", (d) => (stderr += d));
  const sample = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
    } catch {
      /* exited */
    }
  }, 50);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearInterval(sample);
      closeSync(fd);
      resolve({ code, stderr, peakRssKiB: peak });
    }),
  );
}

/**
 * Walks our output: every "==> INSTANCE CONTAINER FILE <==" header must be followed by exactly
 * the bytes yarn logs showed for that container and file (plus the newline we add when a file
 * does not end with one). Returns the keys seen.
 */
function checkAgainstYarn(ours: Buffer, expected: Map<string, Buffer>): string[] {
  const seen: string[] = [];
  let pos = 0;
  while (pos < ours.length) {
    const eol = ours.indexOf(0x0a, pos);
    const header = /^==> (\S+) (container_\S+) (\S+) <==$/.exec(ours.subarray(pos, eol).toString("utf8"));
    assert.ok(header, `a header expected at byte ${pos}: ${JSON.stringify(ours.subarray(pos, pos + 80).toString())}`);
    const key = fileKey(header[2]!, header[3]!);
    const want = expected.get(key);
    assert.ok(want, `${key}: yarn logs does not show it`);
    const got = ours.subarray(eol + 1, eol + 1 + want.length);
    assert.ok(got.equals(want), `${key}: ${want.length} bytes expected, the content differs`);
    pos = eol + 1 + want.length;
    if (want.length > 0 && want[want.length - 1] !== 0x0a) {
      assert.equal(ours[pos], 0x0a, `${key}: the separating newline`);
      pos++;
    }
    seen.push(key);
  }
  return seen;
}

// tfile with rolled logs (the default: 64 MiB parts, so the 100 MiB stream is two parts that yarn
// logs shows apart and ours joins), indexed with rolling turned off (plain stdout/stderr files).
for (const [format, codec, rolled] of [
  ["tfile", "gz", true],
  ["indexed", "none", false],
] as const) {
  const how = rolled ? "rolled parts joined" : "rolling off";
  test(`${format}/${codec}, ${how}: logs of a finished application equal yarn logs byte for byte; 100 MiB streams`, async () => {
    const up = hadoop(["restart", "--log-aggregation", format, "--log-compression", codec]);
    assert.equal(up.status, 0, up.stderr);
    const confDir = /HADOOP_CONF_DIR=(\S+)/.exec(up.stdout)![1]!;
    const opts = { confDir, env: { HADOOP_USER_NAME: "root" } };
    const spec = join(work, "spec.yaml");
    writeFileSync(
      spec,
      [
        `name: tsdask-e2e-agg-${format}`,
        ...(rolled ? [] : ["logs:", "  part-size: null"]),
        "services:",
        "  talker:",
        "    memory: 256 MiB",
        "    script: |",
        "      printf 'héllo wörld\\nline 2\\n'; printf 'to stderr\\n' >&2; printf 'no final newline'",
        "  big:",
        "    memory: 256 MiB",
        "    script: |",
        `      yes 'a line of the big log, 0123456789 abcdefghijklmnopqrstuvwxyz' | head -c ${BIG}`,
        "",
      ].join("\n"),
    );
    const submit = await runCli(["submit", "--spec", spec, "--wait"], { ...opts, timeoutMs: 300_000 });
    assert.equal(submit.code, 0, submit.stderr);
    const appId = /application_\d+_\d+/.exec(submit.stdout + submit.stderr)![0];

    const ours = join(work, `ours-${format}.txt`);
    let r = { code: null as number | null, stderr: "", peakRssKiB: 0 };
    // Aggregation ends a few seconds after the application: LOGS_NOT_AGGREGATED* until then.
    for (const end = Date.now() + 120_000; ; await new Promise((res) => setTimeout(res, 2000))) {
      r = await cliToFile(["logs", appId, "--all-files"], { HADOOP_CONF_DIR: confDir, HADOOP_USER_NAME: "root" }, ours);
      if (r.code === 0 || !/not aggregated|still aggregating|no aggregated logs/i.test(r.stderr)) break;
      assert.ok(Date.now() < end, `logs still not aggregated after 120 s: ${r.stderr}`);
    }
    assert.equal(r.code, 0, r.stderr);

    const theirs = join(work, `yarn-${format}.txt`);
    const y = hadoop(["yarn", "logs", "-applicationId", appId], theirs);
    assert.equal(y.status, 0, y.stderr);
    const files = parseYarnLogsOutput(readFileSync(theirs));
    const parts = files.filter((f) => /^(stdout|stderr)\.part-\d+(\.open)?$/.test(f.file)).length;
    if (rolled) assert.ok(parts >= 4, `yarn logs shows the streams as parts: ${parts} parts`);
    else assert.equal(parts, 0, "rolling off: no part files");
    const expected = new Map(joinRolledParts(files).map((f) => [fileKey(f.containerId, f.file), f.bytes]));
    const seen = checkAgainstYarn(readFileSync(ours), expected);
    assert.deepEqual(seen.sort(), [...expected.keys()].sort(), "every file yarn logs shows, and no other");
    const bigLog = [...expected.entries()].find(([k, v]) => k.endsWith(" stdout") && v.length === BIG);
    assert.ok(bigLog, "the 100 MiB stdout is among the files");
    // Streaming: reading everything costs much less than the log's size over a command that reads
    // no log (a log held whole adds its 100 MiB; chunks not yet collected add some tens of MiB).
    const env = { HADOOP_CONF_DIR: confDir, HADOOP_USER_NAME: "root" };
    const small = await cliToFile(["status", appId], env, join(work, "status.txt"));
    assert.equal(small.code, 0, small.stderr);
    const growth = (r.peakRssKiB - small.peakRssKiB) * 1024;
    console.log(
      `# ${format}/${codec}: logs --all-files of ${appId} (${expected.size} files, one of ${BIG} B): CLI peak RSS ` +
        `${Math.round(r.peakRssKiB / 1024)} MiB; status: ${Math.round(small.peakRssKiB / 1024)} MiB`,
    );
    assert.ok(
      growth < BIG * 0.75,
      `peak RSS grew by ${Math.round(growth / 2 ** 20)} MiB: the 100 MiB log was held in memory`,
    );

    // The default view: only the services' own files, each under its service's instance name.
    const d = await runCli(["logs", appId, "--service", "talker"], opts);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^==> talker_0 container_\S+ stdout <==\nhéllo wörld\nline 2\nno final newline\n/m);
    assert.match(d.stdout, /==> talker_0 container_\S+ stderr <==\nto stderr\n/);
    assert.doesNotMatch(d.stdout, /launch_container\.sh|directory\.info|prelaunch/);
  });
}
