// Creates an API token for a user. The plaintext is returned once, here; only its hash is stored.
import { db } from "@/lib/db";
import { ApiTokenCreateInput, type ApiTokenView } from "@/lib/api-tokens/schema";
import { displayPrefix, generateApiToken, hashApiToken } from "@/lib/api-tokens/token";
import { toApiTokenView } from "@/lib/api-tokens/to-api-token-view";

export async function createApiToken({ userId, name }: { userId: string } & ApiTokenCreateInput): Promise<{ token: string; view: ApiTokenView }> {
  const input = ApiTokenCreateInput.parse({ name });
  const token = generateApiToken();
  const row = await db().apiToken.create({ data: { userId, name: input.name, tokenHash: hashApiToken(token), prefix: displayPrefix(token) } });
  return { token, view: toApiTokenView(row) };
}
