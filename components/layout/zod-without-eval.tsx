"use client";
// zod compiles object validators with `Function` when it may, and finds out by trying once. The
// Content-Security-Policy (proxy.ts) forbids eval, so in the browser that try is refused, and
// reported as a violation, on every page. Telling zod not to try, before any schema runs here
// (this module is loaded with the root layout, ahead of the pages' components), keeps the console
// clean; zod validates the same way without it. The server has no policy and keeps the compiled path.
import { z } from "zod";

z.config({ jitless: true });

export function ZodWithoutEval() {
  return null;
}
