// Public entry point: `import { findScheme, type VerifyResult } from "@/lib/signatures"`.
export * from "./types";
export { schemes, getScheme, findScheme, schemeList, parseSchemeOptions } from "./registry";
export type { AnyScheme, ParsedOptions, SchemeFor, SchemeOptionsMap } from "./registry";
export type { HmacOptions } from "./generic-hmac";
export type { ApiKeyOptions } from "./api-key";
