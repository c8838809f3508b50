// A minimal ApplicationMaster for the integration test, bundled with esbuild and run by Node in
// the AM container: register, allocate 2 containers, start them with a command that writes a
// file, wait for their completion statuses, finish SUCCEEDED with diagnostics. Writes what it saw
// to $TEST_OUT/am-result.json so the test can check it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ApplicationMasterClient,
  ContainerManagementClient,
  NMTokenCache,
  containerIdToString,
  readContainerTokens,
  connectTcp,
  type ByteStream,
  type Token,
  selectToken,
  TokenKind,
  type Container,
  type ContainerStatus,
  type Qop,
} from "../../../src/hadoop-rpc/index.js";

const OUT = process.env.TEST_OUT!;
const [rmHost, rmPort] = (process.env.TEST_RM_SCHEDULER ?? "127.0.0.1:8030").split(":");
const allowedQops = (process.env.TEST_QOPS?.split(",") as Qop[] | undefined) ?? undefined;
const WANT = 2;

// Records every byte each way on the first connection of each kind, for the unit-test fixtures
// (test/fixtures/hadoop-rpc/real-*.json). Wraps the real TCP transport; changes nothing.
const captures: Record<string, { sent: Buffer[]; received: Buffer[] }> = {};
function recording(name: string) {
  return async (host: string, port: number): Promise<ByteStream> => {
    const s = await connectTcp(host, port);
    const c = (captures[name] ??= { sent: [], received: [] });
    const first = c.sent.length === 0;
    return {
      write: (d) => (first && c.sent.push(Buffer.from(d)), s.write(d)),
      onData: (l) => s.onData((d) => (first && c.received.push(Buffer.from(d)), l(d))),
      onClose: (l) => s.onClose(l),
      close: () => s.close(),
    };
  };
}
const log = (...a: unknown[]) => console.log(new Date().toISOString(), ...a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const creds = await readContainerTokens();
  const am = new ApplicationMasterClient({
    host: rmHost!,
    port: Number(rmPort),
    amrmToken: selectToken(
      creds.tokens.map((t) => t.token),
      TokenKind.AMRM,
    ),
    allowedQops,
    callTimeoutMs: 30_000,
    connect: recording("rm"),
  });
  const result: Record<string, unknown> = { containerId: process.env.CONTAINER_ID };
  try {
    const reg = await am.registerApplicationMaster({
      host: process.env.NM_HOST ?? "localhost",
      rpcPort: -1,
      trackingUrl: "",
    });
    log("registered", reg);
    result.register = { maximumCapability: reg.maximumCapability, queue: reg.queue };
    const nmTokens = new NMTokenCache();
    const started: Container[] = [];
    const completed: ContainerStatus[] = [];
    let responseId = 0;
    let ask = [{ priority: 1, resourceName: "*", capability: { memoryMb: 128, vcores: 1 }, numContainers: WANT }];
    const deadline = Date.now() + 120_000;
    while (completed.length < WANT && Date.now() < deadline) {
      const r = await am.allocate({ responseId, ask, progress: completed.length / WANT });
      responseId = r.responseId;
      ask = []; // asks are absolute on the RM; once sent, the outstanding count stays there
      for (const t of r.nmTokens) nmTokens.set(t.nodeId.host, t.nodeId.port, t.token);
      for (const c of r.allocatedContainers) {
        const id = containerIdToString(c.id);
        if (started.length >= WANT) continue;
        log("allocated", id, c.nodeId);
        const nm = new ContainerManagementClient({
          host: c.nodeId.host,
          port: c.nodeId.port,
          nmToken: nmTokens.get(c.nodeId.host, c.nodeId.port),
          allowedQops,
          connect: recording("nm"),
        });
        (captures.nm as any) ??= { sent: [], received: [] };
        (captures.nm as any).token ??= nmTokens.get(c.nodeId.host, c.nodeId.port);
        const res = await nm.startContainers([
          {
            container: c,
            launchContext: {
              commands: [`echo ran in $CONTAINER_ID > ${join(OUT, id)}.txt`],
              environment: { TEST_MARK: "1" },
            },
          },
        ]);
        if (res.failed.length) throw res.failed[0]!.error;
        const st = await nm.getContainerStatuses([c.id]);
        log(
          "status after start",
          st.statuses.map((s) => [containerIdToString(s.containerId), s.state]),
        );
        result.nmQop = await nm.qop();
        nm.close();
        started.push(c);
      }
      completed.push(
        ...r.completedContainerStatuses.filter((s) =>
          started.some((c) => containerIdToString(c.id) === containerIdToString(s.containerId)),
        ),
      );
      await sleep(300);
    }
    result.rmQop = await am.qop();
    result.started = started.map((c) => containerIdToString(c.id));
    result.completed = completed.map((s) => ({
      id: containerIdToString(s.containerId),
      exitStatus: s.exitStatus,
      state: s.state,
    }));
    const ok = completed.length === WANT && completed.every((s) => s.exitStatus === 0);
    const diagnostics = ok
      ? `tsdask test AM: ${WANT} containers completed with exit 0 (${result.completed && completed.map((s) => containerIdToString(s.containerId)).join(", ")})`
      : `tsdask test AM: containers did not all succeed: ${JSON.stringify(result.completed)}`;
    result.diagnostics = diagnostics;
    // The NodeManager kills the AM container moments after it unregisters: record first.
    writeFileSync(join(OUT, "am-result.json"), JSON.stringify(result, null, 2));
    for (;;) {
      const f = await am.finishApplicationMaster({ finalApplicationStatus: ok ? "SUCCEEDED" : "FAILED", diagnostics });
      if (f.isUnregistered) break;
      await sleep(100);
    }
    result.finished = true;
  } catch (err) {
    result.error = {
      name: (err as Error).name,
      code: (err as any).code,
      message: (err as Error).message,
      javaClassName: (err as any).javaClassName,
    };
    log("failed", err);
    await am
      .finishApplicationMaster({
        finalApplicationStatus: "FAILED",
        diagnostics: `tsdask test AM failed: ${(err as Error).message}`,
      })
      .catch(() => undefined);
    process.exitCode = 1;
  } finally {
    writeFileSync(join(OUT, "am-result.json"), JSON.stringify(result, null, 2));
    if (captures.rm) (captures.rm as any).token = am.amrmToken;
    const hexOf = (t: Token) => ({
      identifier: t.identifier.toString("hex"),
      password: t.password.toString("hex"),
      kind: t.kind,
      service: t.service,
    });
    for (const [name, c] of Object.entries(captures)) {
      const tok = (c as any).token as Token | undefined;
      writeFileSync(
        join(OUT, `capture-${name}.json`),
        JSON.stringify(
          {
            token: tok ? hexOf(tok) : undefined,
            sent: Buffer.concat(c.sent).toString("hex"),
            received: Buffer.concat(c.received).toString("hex"),
          },
          null,
          1,
        ),
      );
    }
    am.close();
  }
}

void main();
