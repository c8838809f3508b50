// The one place the product version is read from; esbuild inlines package.json.
import pkg from "../package.json" with { type: "json" };

export const VERSION: string = pkg.version;
