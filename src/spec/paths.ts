// Local paths and remote URIs in the spec (environment, service files, the client script).
// Relative local paths are resolved against the file that named them, as Skein does, or against
// the cwd for env vars and flags, so the spec the launcher and the AM see holds absolute paths only.
import { dirname, isAbsolute, join, resolve } from "node:path";
import { SpecError } from "./errors.js";
import type { ValueSource } from "./types.js";

export interface PathContext {
  readonly cwd: string;
  readonly homeDir: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/** Whether a location is a remote URI (hdfs://, viewfs://, ...) rather than a local path. */
export function isRemoteUri(location: string): boolean {
  return SCHEME.test(location);
}

export function resolveLocation(value: string, key: string, source: ValueSource, ctx: PathContext): string {
  const text = value.trim();
  if (text === "")
    throw new SpecError("SPEC_VALUE", key, "must not be empty", source, "give a local path or an hdfs:// URI");
  const written = SCHEME.exec(text)?.[1];
  if (written !== undefined) {
    const scheme = written.toLowerCase();
    if (scheme === "file") return resolveLocal(text.slice("file://".length), source, ctx);
    if (scheme === "conda" || scheme === "venv" || scheme === "python") {
      throw new SpecError(
        "SPEC_VALUE",
        key,
        `dask-yarn's ${scheme}:// environments are not supported`,
        source,
        "pack the environment (conda-pack or venv-pack) and give the archive, its directory, or an hdfs:// copy",
      );
    }
    if (scheme === "http" || scheme === "https") {
      throw new SpecError(
        "SPEC_VALUE",
        key,
        `${scheme}:// sources cannot be localized by YARN`,
        source,
        "copy it to HDFS and give the hdfs:// URI",
      );
    }
    return text;
  }
  return resolveLocal(text, source, ctx);
}

function resolveLocal(p: string, source: ValueSource, ctx: PathContext): string {
  if (p === "~") return ctx.homeDir;
  if (p.startsWith("~/")) return join(ctx.homeDir, p.slice(2));
  if (isAbsolute(p)) return resolve(p);
  const base = source.file && source.kind !== "default" ? dirname(source.file) : ctx.cwd;
  return resolve(base, p);
}
