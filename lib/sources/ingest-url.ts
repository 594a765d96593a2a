// The public URL a provider posts to for a source.
import { env } from "@/lib/env";

export function ingestUrl({ key }: { key: string }): string {
  return new URL(`/in/${key}`, env().APP_URL).toString();
}
