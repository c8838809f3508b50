// Types for scripts/embedded.mjs (plain JS so scripts/build.mjs runs without tsx).
export declare const EMBEDDED_FILES: Readonly<Record<string, string>>;
export declare function embeddedDefines(root?: string): Record<string, string>;
