// Container logs of a running application, read from the NodeManager web services of the node the
// container runs on: GET /ws/v1/node/containers/<id>/logs (the file list) and
// /ws/v1/node/containers/<id>/logs/<file> (one file as text). Simple auth: user.name.
import { TsdaskError } from "../errors.js";

export interface LogFile {
  readonly name: string;
  readonly size: number;
}

function nodeUrl(nodeHttpAddress: string, path: string, user: string): string {
  const base = /^https?:\/\//.test(nodeHttpAddress) ? nodeHttpAddress : `http://${nodeHttpAddress}`;
  return `${base.replace(/\/+$/, "")}${path}?user.name=${encodeURIComponent(user)}`;
}

async function get(url: string, accept: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: accept }, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new TsdaskError(
      "NM_UNREACHABLE",
      `cannot reach the NodeManager at ${new URL(url).host}: ${(e as Error).message}`,
    );
  }
  if (!res.ok) {
    throw new TsdaskError(
      "NM_HTTP_ERROR",
      `${new URL(url).pathname}: HTTP ${res.status} from the NodeManager`,
      "The container may have finished: its logs are then aggregated; read them with 'yarn logs -applicationId'.",
    );
  }
  return res;
}

/** The NodeManager's JSON ({containerLogsInfo: …}, one ContainerLogsInfo or a list) → file names and sizes. */
export function parseLogList(body: unknown): LogFile[] {
  // Hadoop 3.3/3.4 wrap the answer in "containerLogsInfo" (one object or a list).
  const inner = (body as { containerLogsInfo?: unknown } | null)?.containerLogsInfo ?? body;
  const items = Array.isArray(inner) ? inner : [inner];
  const files: LogFile[] = [];
  for (const item of items) {
    const infos = (item as { containerLogInfo?: unknown })?.containerLogInfo;
    for (const f of Array.isArray(infos) ? infos : infos ? [infos] : []) {
      const { fileName, fileSize } = f as { fileName?: string; fileSize?: string | number };
      if (fileName) files.push({ name: fileName, size: Number(fileSize ?? 0) });
    }
  }
  return files;
}

export async function listLogFiles(nodeHttpAddress: string, containerId: string, user: string): Promise<LogFile[]> {
  const url = nodeUrl(nodeHttpAddress, `/ws/v1/node/containers/${encodeURIComponent(containerId)}/logs`, user);
  return parseLogList(await (await get(url, "application/json")).json());
}

export async function readLogFile(
  nodeHttpAddress: string,
  containerId: string,
  file: string,
  user: string,
): Promise<string> {
  const path = `/ws/v1/node/containers/${encodeURIComponent(containerId)}/logs/${encodeURIComponent(file)}`;
  return (await get(nodeUrl(nodeHttpAddress, path, user), "text/plain")).text();
}
