// The base URL of the HTTP API, as clients outside reach it (from APP_URL).
import { env } from "@/lib/env";

export function apiBaseUrl({ appUrl = env().APP_URL }: { appUrl?: string } = {}): string {
  return new URL("/api/v1", appUrl).toString();
}
