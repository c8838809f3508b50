// Our own proto2 definitions of the YARN messages the AM uses (yarn_protos, yarn_service_protos),
// trimmed to the fields we read or write; field numbers per Hadoop's wire protocol (docs/design.md §10). Unknown
// fields the server sends (execution types, resource profiles, …) are skipped by the decoder.
// Each definition lives beside its TypeScript interface: yarn-records-proto.ts (shared records),
// application-master-proto.ts and container-management-proto.ts. All go into package hadoop.yarn
// of the one root that also holds hadoop.common (TokenProto).
import protobuf from "protobufjs";
import { protoCodec, type ProtoCodec } from "../wire/proto-codec.js";
import { rpcRoot } from "../wire/rpc-proto.js";

/** Adds proto2 message definitions to package hadoop.yarn; resolving at once fails fast on a typo. */
export function defineYarnMessages(definitions: string): void {
  protobuf.parse(`syntax = "proto2";\npackage hadoop.yarn;\n${definitions}`, rpcRoot, { keepCase: true });
  rpcRoot.resolveAll();
}

/** The typed codec of message hadoop.yarn.`name`. */
export function yarnCodec<T extends object>(name: string): ProtoCodec<T> {
  return protoCodec<T>(() => rpcRoot.lookupType(`hadoop.yarn.${name}`));
}
