// Source input, shared by the form and the server.
import { z } from "zod";

export const SourceInput = z.object({
  name: z.string().trim().min(1, "Give the source a name").max(100, "Use at most 100 characters"),
});
export type SourceInput = z.infer<typeof SourceInput>;
