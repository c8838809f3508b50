// Public surface of hadoop-rpc for the AM.
export * from "./errors.js";
export { RpcConnection, type RpcConnectionOptions } from "./connection.js";
export { RpcClient, type RpcClientOptions } from "./client.js";
export { connectTcp, type ByteStream } from "./transport.js";
export { QOP_BY_PROTECTION, type Qop } from "./sasl/qop.js";
export { selectToken, TokenKind, type Token } from "./security/token.js";
export { decodeTokenStorage, encodeTokenStorage, type Credentials } from "./security/token-file.js";
export { readContainerTokens } from "./security/container-tokens.js";
export { NMTokenCache } from "./security/nm-token-cache.js";
export * from "./protocols/records.js";
export * from "./protocols/launch-context.js";
export * from "./protocols/application-master-codec.js";
export * from "./protocols/application-master.js";
export * from "./protocols/container-management-codec.js";
export * from "./protocols/container-management.js";
export type { RpcMethod } from "./wire/rpc-method.js";
