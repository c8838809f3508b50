import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "build/", "node_modules/", "cluster/.work/", "python/tsdask_yarn/_bundle/", "bench/.cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ["**/*.mjs"], languageOptions: { globals: { console: "readonly", process: "readonly" } } },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The dependency rules of DESIGN.md: cli never reaches hadoop-rpc; launcher and appmaster never meet.
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["src/cli/**/*.ts", "src/launcher/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/hadoop-rpc/**", "**/appmaster/**"] }],
    },
  },
  {
    files: ["src/appmaster/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: ["**/launcher/**", "**/cli/**"] }] },
  },
  {
    // The AM core knows containers only through the ContainerBackend: hadoop-rpc (and the YARN
    // backend's own modules) are for the YARN implementation and its composition alone.
    files: ["src/appmaster/**/*.ts"],
    ignores: [
      "src/appmaster/yarn-*.ts",
      "src/appmaster/rm-*.ts",
      "src/appmaster/asks.ts",
      "src/appmaster/config.ts",
      "src/appmaster/credentials.ts",
      "src/appmaster/node-managers.ts",
      "src/appmaster/main.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            "**/launcher/**",
            "**/cli/**",
            "**/hadoop-rpc/**",
            "./yarn-*",
            "./rm-*",
            "./asks.js",
            "./config.js",
            "./node-managers.js",
          ],
        },
      ],
    },
  },
  {
    files: ["src/service/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["**/launcher/**", "**/cli/**", "**/appmaster/**", "**/hadoop-rpc/**", "**/yarn-rest/**"] },
      ],
    },
  },
);
