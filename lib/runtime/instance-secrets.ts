// Secrets an embedded (zero-configuration) instance needs, generated on first start and kept in
// the data directory with owner-only permissions. Never fixed defaults in code.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const InstanceSecrets = z.object({
  authSecret: z.string().min(32),
  encryptionKey: z.string().refine((value) => Buffer.from(value, "base64").length === 32),
  postgresPassword: z.string().min(16),
});
export type InstanceSecrets = z.infer<typeof InstanceSecrets>;

export async function loadOrCreateInstanceSecrets(dataDir: string): Promise<InstanceSecrets> {
  const file = join(dataDir, "instance-secrets.json");
  if (existsSync(file)) {
    const parsed = InstanceSecrets.safeParse(JSON.parse(await readFile(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is damaged; restore it from a backup (it holds the keys that decrypt stored secrets).`);
    return parsed.data;
  }
  const secrets: InstanceSecrets = {
    authSecret: randomBytes(32).toString("base64"),
    encryptionKey: randomBytes(32).toString("base64"),
    postgresPassword: randomBytes(24).toString("base64url"),
  };
  // 0711: others may pass through (the embedded server runs as its own user) but not list it.
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  await writeFile(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return secrets;
}
