// One problem with a client's input, field by field: the `details` of an API's invalid_request, and
// what the list filters report for a bad query parameter.
import { z } from "zod";

export const ValidationIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])).describe('Where in the body, e.g. ["ipAllowlist", 0].'),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;
