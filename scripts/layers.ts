// The layers of src/ and the imports each may make: the one place the architecture's arrows are
// written (drawn in docs/design.md §1). scripts/check-layers.ts checks every import of src/ against
// them in `npm run lint`. A layer is a folder (or file) of src/; a file belongs to the longest one
// that holds it. Imports inside a layer are free. Since the arrows form no cycle (the checker
// refuses a list that has one), a layer reaches — through any chain of imports — only what lies
// below it: e.g. the launcher can never reach hadoop-rpc through hadoop-io.

export interface Layer {
  /** Path under src/ (a folder, or a file without .ts). */
  readonly path: string;
  /** Further paths that belong to the same layer. */
  readonly also?: readonly string[];
  /** Layers (by path) this one may import. */
  readonly may: readonly string[];
  /** Why it sits where it does. */
  readonly why: string;
}

export const LAYERS: readonly Layer[] = [
  { path: "index", may: ["launcher", "spec", "control", "yarn-rest", "errors"], why: "the library's public surface" },
  {
    path: "cli",
    may: ["launcher", "spec", "control", "errors", "version"],
    why: "every cluster call goes through the launcher's session (one user, one set of addresses)",
  },
  {
    path: "launcher",
    may: ["spec", "control", "hadoop-conf", "hadoop-http", "yarn-rest", "webhdfs", "hadoop-io", "security", "errors"],
    why: "REST and WebHDFS only: no Hadoop RPC, no AM code in the CLI and the library",
  },
  {
    path: "appmaster/yarn",
    may: [
      "appmaster",
      "hadoop-rpc",
      "hadoop-http",
      "hadoop-io",
      "webhdfs",
      "security",
      "spec",
      "control",
      "errors",
      "version",
    ],
    why: "the YARN ContainerBackend and the AM's composition for YARN (security: the keytab-in-am login)",
  },
  {
    path: "appmaster/local",
    may: ["appmaster", "spec", "control", "errors", "version"],
    why: "the local ContainerBackend (processes) and the local AM's composition",
  },
  {
    path: "appmaster",
    may: ["spec", "control", "security", "errors", "version"],
    why: "the AM core knows containers only through the ContainerBackend interface",
  },
  { path: "service", may: ["control", "errors", "version"], why: "the in-container wrapper stays a small bundle" },
  { path: "security", may: ["hadoop-http", "errors"], why: "Kerberos login and per-application TLS" },
  { path: "yarn-rest", may: ["hadoop-http", "hadoop-conf", "errors"], why: "a policy on the HTTP layer" },
  {
    path: "webhdfs",
    may: ["hadoop-http", "hadoop-conf", "hadoop-io", "errors"],
    why: "a policy on the HTTP layer (hadoop-io: the delegation tokens it hands out)",
  },
  { path: "hadoop-http", may: ["errors"], why: "one HTTP layer for RM, NameNode and NodeManager endpoints" },
  { path: "hadoop-conf", may: ["errors"], why: "reading $HADOOP_CONF_DIR" },
  { path: "hadoop-rpc", may: ["hadoop-io", "errors"], why: "Hadoop IPC; token files are hadoop-io Writables" },
  { path: "hadoop-io", may: ["errors"], why: "pure Hadoop formats (leaf)" },
  {
    path: "spec",
    may: ["control", "errors", "version"],
    why: "the application spec (leaf; the control contract's limits)",
  },
  { path: "control", may: ["errors"], why: "the control API contract and the runtime layout (leaf)" },
  { path: "errors", also: ["error-codes"], may: [], why: "the error base class and the error table (leaf)" },
  {
    path: "version",
    also: ["embedded-text"],
    may: [],
    why: "what the build embeds: the version from package.json, skeleton.yaml, the Python modules, the page script",
  },
];
