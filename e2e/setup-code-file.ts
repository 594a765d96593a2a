// Where e2e/serve.ts writes the set-up code it read in the launcher's start log, for the set-up spec.
export const SETUP_CODE_FILE = "e2e/.auth/setup-code.txt";

/** The set-up code in a line of the start log ("No administrator yet: … enter the set-up code XXXX-…"). */
export function setupCodeIn(line: string): string | null {
  if (!line.includes("No administrator yet")) return null;
  try {
    const entry = JSON.parse(line) as { setupCode?: unknown };
    return typeof entry.setupCode === "string" ? entry.setupCode : null;
  } catch {
    return null;
  }
}
