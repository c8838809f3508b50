import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "build/", "node_modules/", "cluster/.work*/", "python/tsdask_yarn/_bundle/", "bench/.cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.mjs"], languageOptions: { globals: { console: "readonly", process: "readonly" } } },
  {
    // The tracking page's script runs in the browser (inlined into the page, see dask-section.ts).
    files: ["src/appmaster/control/dask-page.js"],
    languageOptions: {
      globals: Object.fromEntries(
        ["document", "location", "window", "Node", "fetch", "DOMParser", "setInterval"].map((g) => [g, "readonly"]),
      ),
    },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Which layer may import which is checked by scripts/check-layers.ts (npm run lint) over the one
  // list of arrows in scripts/layers.ts, transitively — not by import rules here.
  {
    // src/ is typed end to end: untyped data (protobufjs objects, JSON, YAML) is cast through unknown
    // to its interface in one place, and each remaining `any` says why in its eslint-disable comment.
    files: ["src/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "error" },
  },
  {
    // With noUncheckedIndexedAccess on, `arr[i]!` and casts that change nothing hide whether a value
    // can be missing; the type-aware rule flags every assertion the types do not need.
    files: ["{src,test,bench,scripts}/**/*.ts", "cluster/src/**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-unnecessary-type-assertion": "error" },
  },
);
