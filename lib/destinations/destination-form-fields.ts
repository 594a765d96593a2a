// Where the destination forms (create, settings, rotate secret) show a schema field's problems,
// and in which words: the form asks for seconds where the schema counts milliseconds.
import type { PlaceIssue } from "@/lib/forms/form-result";

/** Schema field → the form field that shows its message, where the names differ. */
const FORM_FIELD: Record<string, string> = { timeoutMs: "timeoutSeconds" };

/** Places a DestinationCreateInput / DestinationUpdateInput / RotateDestinationSecretInput issue on its form field. */
export const placeDestinationIssue: PlaceIssue = (issue) => {
  const [first, second] = issue.path;
  if (typeof first !== "string") return null;
  let message = issue.message;
  if (first === "retrySchedule" && typeof second === "number") message = `Delay ${second + 1}: ${message}`;
  if (first === "timeoutMs")
    message = message
      .replace("At least 1000 ms", "At least 1 second")
      .replace(/At most 60000 ms.*/, "At most 60 seconds");
  if (first === "overlapHours" && issue.code === "too_small") message = "Cannot be negative";
  return { field: FORM_FIELD[first] ?? first, message };
};
