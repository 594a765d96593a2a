// A process that cannot start says why in plain words and exits non-zero. Configuration problems
// are printed as a readable list naming each variable, not as a stack trace.
import { ConfigError } from "@/lib/env";
import { logger } from "@/lib/log";

export function reportStartupFailure(processName: string) {
  return (error: unknown): never => {
    if (error instanceof ConfigError) {
      process.stderr.write(`\n${processName} cannot start. ${error.message}\n\nSee .env.example for every setting.\n`);
    } else {
      logger(processName).error(`${processName} failed to start`, {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    process.exit(1);
  };
}
