// Takes docs/ci.md's CI recipes apart the way the CI systems read them, so a test can run their
// shell commands: a recipe is the ```yaml block whose first line is `# recipe: <name>`.
import { parse } from "yaml";

/** The YAML of the block marked `# recipe: <name>` (exactly one). */
export function recipeBlock(doc: string, name: string): string {
  const blocks = [...doc.matchAll(/^```yaml\n(# recipe: (\S+)\n[\s\S]*?)^```$/gm)].filter((m) => m[2] === name);
  if (blocks.length !== 1)
    throw new Error(`docs/ci.md has ${blocks.length} blocks marked '# recipe: ${name}' (want 1)`);
  return blocks[0]![1]!;
}

export interface GithubStep {
  readonly name: string;
  readonly run: string;
  /** The job's env and the step's, with `${{ secrets.X }}` / `${{ vars.X }}` filled in. */
  readonly env: Record<string, string>;
  /** The command GitHub runs the step's script file with (its `shell:` on Linux). */
  readonly shell: (script: string) => [string, string[]];
}

export interface Contexts {
  readonly secrets: Record<string, string>;
  readonly vars: Record<string, string>;
}

/** `${{ secrets.X }}` and `${{ vars.X }}` as GitHub fills them in (unset: empty); nothing else is expected. */
function expand(value: unknown, ctx: Contexts): string {
  return String(value).replace(
    /\$\{\{\s*(secrets|vars)\.(\w+)\s*\}\}|\$\{\{[^}]*\}\}/g,
    (all, kind?: string, key?: string) => {
      if (!kind || !key) throw new Error(`the recipe's run steps use an expression the test cannot fill in: ${all}`);
      return (kind === "secrets" ? ctx.secrets : ctx.vars)[key] ?? "";
    },
  );
}

const expandAll = (env: Record<string, unknown> | undefined, ctx: Contexts) =>
  Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, expand(v, ctx)]));

/** The `run:` steps of the workflow's one job, in order (`uses:` steps are the runner's own). */
export function githubSteps(yaml: string, ctx: Contexts): GithubStep[] {
  const workflow = parse(yaml) as {
    jobs: Record<string, { env?: Record<string, unknown>; steps: Record<string, unknown>[] }>;
  };
  const jobs = Object.values(workflow.jobs);
  if (jobs.length !== 1) throw new Error(`the workflow has ${jobs.length} jobs (want 1)`);
  const job = jobs[0]!;
  return job.steps
    .filter((s) => typeof s.run === "string")
    .map((s) => ({
      name: String(s.name ?? s.run),
      run: expand(s.run, ctx),
      env: { ...expandAll(job.env, ctx), ...expandAll(s.env as Record<string, unknown> | undefined, ctx) },
      // GitHub's Linux defaults: no `shell:` is `bash -e {0}`, `shell: bash` adds pipefail.
      shell: (script: string): [string, string[]] => {
        if (s.shell === undefined) return ["bash", ["-e", script]];
        if (s.shell === "bash") return ["bash", ["--noprofile", "--norc", "-eo", "pipefail", script]];
        throw new Error(`the test does not know shell: ${String(s.shell)}`);
      },
    }));
}

/** The job's before_script and script as one bash script, as GitLab's runner runs them. */
export function gitlabScript(yaml: string, jobName: string): string {
  const job = (parse(yaml) as Record<string, { before_script?: string[]; script?: string[] }>)[jobName];
  if (!job?.script) throw new Error(`the GitLab recipe has no job '${jobName}' with a script`);
  return ["set -eo pipefail", ...(job.before_script ?? []), ...job.script].join("\n") + "\n";
}
