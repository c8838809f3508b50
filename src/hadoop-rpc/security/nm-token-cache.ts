// NMTokens per NodeManager (Java NMTokenCache). The RM sends one for a node only with the first
// container there, and a new one after the NM's key rolls, so the newest one always replaces.
import { TokenNotFoundError } from "../errors.js";
import type { Token } from "./token.js";

export class NMTokenCache {
  private readonly byNode = new Map<string, Token>();

  static key(host: string, port: number): string {
    return `${host}:${port}`;
  }

  set(host: string, port: number, token: Token): void {
    this.byNode.set(NMTokenCache.key(host, port), token);
  }

  get(host: string, port: number): Token {
    const t = this.byNode.get(NMTokenCache.key(host, port));
    if (!t)
      throw new TokenNotFoundError(
        `no NMToken for node ${host}:${port} (the RM sends it with the first container there)`,
      );
    return t;
  }

  has(host: string, port: number): boolean {
    return this.byNode.has(NMTokenCache.key(host, port));
  }

  get size(): number {
    return this.byNode.size;
  }
}
