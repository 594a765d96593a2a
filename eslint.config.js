// ESLint flat config: TypeScript with type information (so promises that are neither awaited nor
// handled are errors), React hooks rules, and Next.js's own rules.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const DATABASE_ONLY_IN_LIB = "Only lib/ talks to the database: call a lib/ function.";
const DATABASE_CLIENTS = [
  { name: "@/lib/db", message: DATABASE_ONLY_IN_LIB },
  { name: "pg", message: DATABASE_ONLY_IN_LIB },
];
const GENERATED_CLIENT = { group: ["@/lib/generated/*", "@prisma/*"], allowTypeImports: true, message: DATABASE_ONLY_IN_LIB };

export default tseslint.config(
  { ignores: ["node_modules/", ".next/", ".data/", "lib/generated/", "test-results/", "playwright-report/", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  // The house's arrows point down (the whole set, loops included, is checked by
  // scripts/check-architecture.ts); these two also show up in the editor as you type.
  {
    files: ["app/**/*.{ts,tsx}", "worker/**/*.ts", "bin/**/*.ts", "proxy.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { paths: DATABASE_CLIENTS, patterns: [GENERATED_CLIENT] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: DATABASE_CLIENTS,
          patterns: [GENERATED_CLIENT, { group: ["@/app/*"], message: "components/ gets server actions as props and result types from lib/, never from app/." }],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
);
