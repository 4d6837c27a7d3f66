import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "app/generated/**", ".data/**", "coverage/**", ".cache/**", "extensions/**/dist/**", "extensions/*/shopify.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
      "@typescript-eslint/no-explicit-any": "error",
    },
  },
  // Type-aware rules (a subset of typescript-eslint's recommendedTypeChecked): a promise nobody
  // awaits or handles, a promise where a callback's void return is expected, `await` of a
  // non-promise. The TypeScript project covers *.ts and *.tsx; the server and the scripts (plain
  // JavaScript, outside tsconfig's include) are checked through the project service's default project.
  {
    files: ["**/*.{ts,tsx}", "server.mjs", "scripts/*.mjs"],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["server.mjs", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  // Layering (decision 023): pure logic and database access know nothing of the demo, of how the
  // deployment is configured (passed in from app/config.server.ts) or of Shopify side effects.
  {
    files: ["app/lib/**/*.{ts,tsx}", "app/models/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/demo/**"], message: "Demo code lives in app/demo; pass what differs in from app/config.server.ts." },
            { group: ["**/config.server"], message: "Configuration is passed in by the caller (routes and services read app/config.server.ts)." },
            { group: ["**/services/**"], message: "Models and lib do not call services (decision 023)." },
          ],
        },
      ],
    },
  },
);
