// Fixed ports for the dask roles (dask-yarn#99: firewalls between the edge node and the cluster):
// one port or an inclusive range, as `port: 8786`, `port: 8786-8790` (dask's own `8786:8790` too)
// and a dashboard address `":8787-8790"`. A range lets several instances share a node and lets a
// port another process holds be skipped: each instance takes the first free port of its range.
// Pure parsing; the launcher checks a range against the instances that may share a node.

/** An inclusive range of TCP ports; first === last for one fixed port. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/** A dashboard address with a port range: host "" = every interface (dask's ":8787"). */
export interface DashboardRange extends PortRange {
  readonly host: string;
}

export class PortSyntaxError extends Error {}

const MAX_PORT = 65535;

function port(text: string, whole: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_PORT) {
    throw new PortSyntaxError(`${JSON.stringify(whole)} is not a port from 1 to ${MAX_PORT}`);
  }
  return n;
}

/**
 * 8786, "8786", "8786-8790" or "8786:8790" → the range; 0 (or "0") → undefined: any free port,
 * chosen by the OS at bind time.
 */
export function parsePortRange(value: string | number): PortRange | undefined {
  const text = String(value).trim();
  if (text === "0") return undefined;
  const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(text);
  if (!m?.[1] || !m[2]) {
    const p = port(text, text);
    return { first: p, last: p };
  }
  const first = port(m[1], text);
  const last = port(m[2], text);
  if (first > last) throw new PortSyntaxError(`${JSON.stringify(text)} ends before it starts`);
  return { first, last };
}

/**
 * A dashboard address whose port is a range: ":8787-8790", "host:8787-8790". undefined for any
 * other address (one port, or none): that one goes to dask unchanged.
 */
export function parseDashboardRange(address: string): DashboardRange | undefined {
  const m = /^(.*):(\d+)\s*-\s*(\d+)$/.exec(address.trim());
  if (!m) return undefined;
  const range = parsePortRange(`${m[2] ?? ""}-${m[3] ?? ""}`);
  return range && { host: m[1] ?? "", ...range };
}

export const rangeSize = (r: PortRange): number => r.last - r.first + 1;

export const showRange = (r: PortRange): string => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`);
