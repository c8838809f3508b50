// docs/bad-input.md from the bad-input table. Generated rather than hand-written so the doc
// cannot drift from what the e2e test checks: the test compares the file with this output.
import type { BadInputCase } from "./bad-input-cases.js";

const cell = (s: string) => s.replace(/\|/g, "\\|");
const code = (s: string) => "`" + cell(s).replace(/`/g, "'") + "`";
const quoteArg = (a: string) => (a === "" || /[\s"'$]/.test(a) ? `'${a}'` : a);

function input(k: BadInputCase): string {
  const env = Object.entries(k.env ?? {}).map(([n, v]) => `${n}=${quoteArg(v)} `);
  const cmd = code(`${env.join("")}tsdask-yarn ${k.args.map(quoteArg).join(" ")}`);
  const files = Object.entries(k.files ?? {}).map(([name, text]) =>
    text === null ? `${code(name)}: an empty directory` : `${code(name)}: ${code(text.replace(/\n/g, "↵"))}`,
  );
  return [cmd, ...files].join("<br>");
}

export function renderBadInputDoc(cases: readonly BadInputCase[]): string {
  const rows = cases.map(
    (k, i) =>
      `| ${i + 1} | ${cell(k.what)} | ${input(k)} | ${code(k.message)} | ${k.exit} | ${k.secureCluster ? "secure" : k.cluster ? "yes" : "no"} |`,
  );
  return `# Bad input: what tsdask-yarn says, and its exit code

Generated from \`test/e2e/cli/bad-input-cases.ts\` by \`npx tsx scripts/bad-input-doc.ts\`; the e2e test
\`test/e2e/cli/bad-input.test.ts\` runs every row against the local Hadoop cluster and checks the exit
code, the message, and that nothing is left behind (no application running or accepted, no staging
directory under \`/user/<user>/.tsdask-yarn/apps/\`). Do not edit by hand.

- **Message** is the first line starting with \`error:\` on stderr, exactly (a \`hint:\` line follows for
  most). Placeholders: \`{DIR}\` the working directory (files are written there), \`{ENV}\` a packed dask
  environment, \`{FINISHED}\` an application that has ended, \`{BADCONF}\` a Hadoop conf whose
  ResourceManager port is dead, \`{APP}\` an application id, \`{HEX}\` a hex digest, \`{RUNNING}\` a running
  dask application with one 512 MiB worker (those rows run in test/e2e/faults/faults.test.ts), \`{N}\` and
  \`{SIZE}\` a number and a size that depend on the cluster. \`↵\` is a line break.
- **Exit**: 0 ok, 1 the operation failed, 2 usage or input error (spec, flags, files, ids, a queue or a
  size the cluster does not have): running the same command again cannot succeed.
- **Cluster**: "no" rows fail before any request to the cluster; "yes" rows ask the ResourceManager or
  HDFS (a submit may get an application id from new-application, which YARN never runs, and fails
  before uploading anything); "secure" rows run against the secure local cluster
  (\`cluster/hadoop up --secure\`, test/e2e/secure/secure-errors.test.ts) as tester@TSDASK.TEST, with
  \`KRB5_CONFIG\`, tester's ticket cache as \`KRB5CCNAME\` and the cluster's CA set unless the row says
  otherwise: \`{KEYTAB}\` is tester's keytab, \`{OTHERCC}\` the ticket cache of the second principal
  (other), \`{FAKEKEYTAB}\` a keytab made with ktutil for ghost@TSDASK.TEST (unknown to the KDC) and
  tester@WRONG.TEST (a realm no KDC serves).

| # | What | Input | Message | Exit | Cluster |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
}
