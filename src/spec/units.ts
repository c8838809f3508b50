// Memory sizes and durations as users write them.
//
// Memory follows dask and Skein (dask-yarn hands its strings to Skein's parse_memory, which agrees
// with dask.utils.parse_bytes): SI prefixes are decimal (kB/KB/k = 1000, MB/M = 10^6, GB/G = 10^9,
// TB/T = 10^12), IEC prefixes are binary (KiB/Ki = 2^10, MiB/Mi = 2^20, GiB/Gi = 2^30, TiB/Ti = 2^40),
// "B" is bytes, and a plain number is MiB. Units are case-insensitive and may be separated by spaces.
// The result is whole MiB (YARN's unit), rounded up so a container is never smaller than asked:
// "2 GiB" = 2048, "2GB" = 1908, "512MB" = 489, "1.5 GiB" = 1536.
//
// Durations: a plain number is seconds; suffixes ms, s, m, h, d (and their long forms); the result
// is whole seconds, rounded up (a timeout of "500ms" still waits, rather than becoming 0).

const MIB = 2 ** 20;

const MEMORY_UNITS: Record<string, number> = {
  "": MIB,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: MIB,
  mib: MIB,
  gi: 2 ** 30,
  gib: 2 ** 30,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

const DURATION_UNITS: Record<string, number> = {
  "": 1,
  ms: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
};

const NUMBER_WITH_UNIT = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*([a-zA-Z]*)$/;

/** Why a string is not a unit value; thrown as UnitError and turned into SpecError(SPEC_UNIT) by callers. */
export class UnitError extends Error {}

function split(text: string): { n: number; unit: string } {
  const m = NUMBER_WITH_UNIT.exec(text.trim());
  if (!m) throw new UnitError(`cannot read "${text}"`);
  const [, , unit = ""] = m;
  const numberPart = text
    .trim()
    .slice(0, text.trim().length - unit.length)
    .trim();
  return { n: Number(numberPart), unit: unit.toLowerCase() };
}

/** "2 GiB" | "512MB" | 1024 → MiB (integer ≥ 1). Throws UnitError. */
export function parseMemoryMiB(value: string | number): number {
  let bytes: number;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new UnitError(`${value} is not a memory size`);
    bytes = value * MIB;
  } else {
    const { n, unit } = split(value);
    const mult = MEMORY_UNITS[unit];
    if (mult === undefined) throw new UnitError(`unknown memory unit "${unit}" in "${value}"`);
    bytes = n * mult;
  }
  if (bytes <= 0) throw new UnitError(`memory must be more than 0, got ${JSON.stringify(value)}`);
  // Guard float noise: 1.1 GiB is 1126.4 MiB, but 0.1 * 10 style errors must not add a MiB.
  const mib = bytes / MIB;
  return Math.max(1, Math.ceil(mib - 1e-9));
}

/** "30s" | "5m" | "1h" | 90 → seconds (integer ≥ 0). Throws UnitError. */
export function parseDurationSeconds(value: string | number): number {
  let seconds: number;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new UnitError(`${value} is not a duration`);
    seconds = value;
  } else {
    const { n, unit } = split(value);
    const mult = DURATION_UNITS[unit];
    if (mult === undefined) throw new UnitError(`unknown duration unit "${unit}" in "${value}"`);
    seconds = n * mult;
  }
  if (seconds < 0) throw new UnitError(`a duration cannot be negative, got ${JSON.stringify(value)}`);
  return Math.max(0, Math.ceil(seconds - 1e-9));
}

/** MiB → the shortest exact human form ("2 GiB", "1536 MiB"), for display. */
export function formatMemoryMiB(mib: number): string {
  if (mib >= 1024 * 1024 && mib % (1024 * 1024) === 0) return `${mib / (1024 * 1024)} TiB`;
  if (mib >= 1024 && mib % 1024 === 0) return `${mib / 1024} GiB`;
  return `${mib} MiB`;
}
