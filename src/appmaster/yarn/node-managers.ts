// Talking to NodeManagers (ContainerManagementProtocol): start and stop containers with the NMToken
// of each node. One client per node, kept open (a launch burst on a node reuses the connection);
// a client whose token the RM replaced is rebuilt.
import {
  ContainerManagementClient,
  NMTokenCache,
  containerIdToString,
  type Container,
  type ContainerLaunchContext,
  type NMTokenEntry,
  type Qop,
  type Token,
} from "../../hadoop-rpc/index.js";

/** Generous: a start only registers the container, but a busy NM may take a while to answer. */
const NM_CALL_TIMEOUT_MS = 60_000;

export class NodeManagers {
  readonly tokens = new NMTokenCache();
  private readonly clients = new Map<string, { token: Token; client: ContainerManagementClient }>();

  constructor(
    private readonly options: {
      allowedQops?: readonly Qop[];
      /**
       * Token storage bytes (HDTS) every launched container gets as its credentials: the
       * application's delegation tokens (HDFS), never the AMRMToken, so tasks can read HDFS on a
       * secure cluster (they find them through HADOOP_TOKEN_FILE_LOCATION).
       */
      containerTokens?: () => Uint8Array | undefined;
    } = {},
  ) {}

  /** NMTokens from allocate (the first container on a node, or after a key roll) or register. */
  addTokens(entries: readonly NMTokenEntry[]): void {
    for (const t of entries) this.tokens.set(t.nodeId.host, t.nodeId.port, t.token);
  }

  private client(host: string, port: number): ContainerManagementClient {
    const key = NMTokenCache.key(host, port);
    const token = this.tokens.get(host, port);
    const have = this.clients.get(key);
    if (have && have.token === token) return have.client;
    have?.client.close();
    const client = new ContainerManagementClient({
      host,
      port,
      nmToken: token,
      callTimeoutMs: NM_CALL_TIMEOUT_MS,
      ...(this.options.allowedQops ? { allowedQops: this.options.allowedQops } : {}),
    });
    this.clients.set(key, { token, client });
    return client;
  }

  /** Starts one container; rejects with the NM's reason when it refused. */
  async start(container: Container, launchContext: ContainerLaunchContext): Promise<void> {
    const nm = this.client(container.nodeId.host, container.nodeId.port);
    // Read at every launch: a credentials refresh replaces them while the application runs.
    const tokens = this.options.containerTokens?.();
    const context = tokens && !launchContext.tokens ? { ...launchContext, tokens } : launchContext;
    const r = await nm.startContainers([{ container, launchContext: context }]);
    const failed = r.failed[0];
    if (failed) throw failed.error;
    if (r.succeeded.length === 0)
      throw new Error(`NodeManager did not start ${containerIdToString(container.id)} and gave no reason`);
  }

  /** Asks a container's NM to stop it; its completion then arrives through allocate. */
  async stop(container: Container): Promise<void> {
    const nm = this.client(container.nodeId.host, container.nodeId.port);
    const r = await nm.stopContainers([container.id]);
    const failed = r.failed[0];
    if (failed) throw failed.error;
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
