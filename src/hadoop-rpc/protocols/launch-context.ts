// ContainerLaunchContext: what a NodeManager needs to start a container, and its
// conversion to ContainerLaunchContextProto.
import type { ContainerLaunchContextProto, LocalResourceProto, URLProto } from "./container-management-proto.js";

export interface ResourceUrl {
  scheme: string;
  host?: string;
  /** -1 or absent when the URL has none (Java URL.fromURI). */
  port?: number;
  /** The path. */
  file: string;
  userInfo?: string;
}

export type LocalResourceType = "ARCHIVE" | "FILE" | "PATTERN";
export type LocalResourceVisibility = "PUBLIC" | "PRIVATE" | "APPLICATION";

export interface LocalResource {
  resource: ResourceUrl;
  /** Must equal the file's length and modification time on the source FS, or localization fails. */
  size: number;
  timestamp: number;
  type: LocalResourceType;
  visibility: LocalResourceVisibility;
  pattern?: string;
}

export interface ContainerLaunchContext {
  localResources?: Record<string, LocalResource>;
  environment?: Record<string, string>;
  /** Joined with spaces by the NM and run inside bash -c "…". */
  commands: string[];
  /** A token storage blob (HDTS v0), e.g. from encodeTokenStorage. */
  tokens?: Uint8Array;
  serviceData?: Record<string, Uint8Array>;
}

const TYPES: Record<LocalResourceType, number> = { ARCHIVE: 1, FILE: 2, PATTERN: 3 };
const VISIBILITIES: Record<LocalResourceVisibility, number> = { PUBLIC: 1, PRIVATE: 2, APPLICATION: 3 };

export function urlTo(u: ResourceUrl): URLProto {
  const out: URLProto = { scheme: u.scheme, file: u.file };
  if (u.host !== undefined) out.host = u.host;
  if (u.port !== undefined) out.port = u.port;
  if (u.userInfo !== undefined) out.userInfo = u.userInfo;
  return out;
}

function localResourceTo(r: LocalResource): LocalResourceProto {
  const out: LocalResourceProto = {
    resource: urlTo(r.resource),
    size: r.size,
    timestamp: r.timestamp,
    type: TYPES[r.type],
    visibility: VISIBILITIES[r.visibility],
  };
  if (r.pattern !== undefined) out.pattern = r.pattern;
  return out;
}

export function launchContextTo(c: ContainerLaunchContext): ContainerLaunchContextProto {
  const out: ContainerLaunchContextProto = {
    localResources: Object.entries(c.localResources ?? {}).map(([key, r]) => ({ key, value: localResourceTo(r) })),
    environment: Object.entries(c.environment ?? {}).map(([key, value]) => ({ key, value })),
    command: c.commands,
    service_data: Object.entries(c.serviceData ?? {}).map(([key, value]) => ({ key, value })),
  };
  if (c.tokens) out.tokens = c.tokens;
  return out;
}
