// Typed readers for address-like configuration values; errors name the key and the file it came from.
import { TsdaskError } from "../errors.js";
import type { HadoopConfiguration } from "./configuration.js";

export type HttpPolicy = "HTTP_ONLY" | "HTTPS_ONLY" | "HTTP_AND_HTTPS";

/** host:port from a key (or its default); a wildcard host is replaced by loopback for connecting. */
export function hostPort(conf: HadoopConfiguration, key: string, fallback: string): string {
  const v = conf.getTrimmed(key, fallback)!;
  const m = /^(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/.exec(v);
  if (!m || Number(m[2]) > 65535) {
    throw new TsdaskError(
      "HADOOP_CONF_INVALID",
      `${key} is '${v}'${sourceOf(conf, key)}; expected host:port`,
      `Correct ${key} in the site file, or give the address explicitly.`,
    );
  }
  // A server bound to 0.0.0.0 is reached on this machine's loopback (NetUtils.getConnectAddress).
  const host = m[1] === "0.0.0.0" ? "127.0.0.1" : m[1];
  return `${host}:${m[2]}`;
}

export function toUrl(https: boolean, address: string): string {
  return `${https ? "https" : "http"}://${address}`;
}

export function sourceOf(conf: HadoopConfiguration, key: string): string {
  const src = conf.raw(key)?.source;
  return src ? ` (set in ${src})` : "";
}
