// Password hashing with argon2id (OWASP's recommended parameters are @node-rs/argon2's defaults:
// 19 MiB memory, 2 passes, 1 lane).
import { hash, verify } from "@node-rs/argon2";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string, so a sign-in for an unknown email costs as much as a real one
// and response times do not reveal which emails exist.
const dummyHash = hash(crypto.randomUUID());

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
