// A sample webhook for a source, signed with its scheme and its newest active secret exactly as the
// provider would sign it: used by "Send a test event" and the ready-made curl command.
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { findScheme } from "@/lib/signatures/registry";
import { isSecretActive } from "@/lib/crypto/secret-view";
import { timestampApplies } from "@/lib/sources/describe-schemes";
import { ingestUrl } from "@/lib/sources/ingest-url";

export interface TestRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Seconds the signature stays valid (timestamped schemes), or null. */
  validForSeconds: number | null;
}

/** Schemes whose "signature" is the credential itself: curl shows a placeholder, not the secret. */
const CREDENTIAL_SCHEMES = new Set(["basic-auth", "api-key"]);

export async function buildTestRequest({ sourceId, forDisplay = false }: { sourceId: string; forDisplay?: boolean }): Promise<TestRequest | null> {
  const source = await db().source.findUnique({ where: { id: sourceId }, include: { secrets: { orderBy: { createdAt: "desc" } } } });
  if (!source) return null;
  const scheme = findScheme(source.scheme);
  if (!scheme) return null;
  const now = new Date();
  const sample = scheme.sampleBody?.() ?? { contentType: "application/json", body: JSON.stringify(scheme.samplePayload()) };
  const { body } = sample;
  const headers: Record<string, string> = { "content-type": sample.contentType };
  // Twilio signs the URL, and puts a JSON body's hash in it.
  const url = scheme.signedUrl?.({ url: ingestUrl(source), rawBody: Buffer.from(body), contentType: sample.contentType }) ?? ingestUrl(source);
  const secretRow = source.secrets.find((secret) => isSecretActive(secret, now));
  if (scheme.verifies && secretRow) {
    const hideCredential = forDisplay && CREDENTIAL_SCHEMES.has(scheme.id);
    const secret = decryptSecret(secretRow.encrypted);
    const signed = scheme.sign({ rawBody: Buffer.from(body), secret, options: source.schemeOptions, now, url, contentType: sample.contentType });
    for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = hideCredential ? "<your credential>" : value;
  }
  const timestamped = timestampApplies(scheme.id, source.schemeOptions as Record<string, unknown>);
  return { url, headers, body, validForSeconds: timestamped ? source.toleranceSeconds : null };
}

export function toCurlCommand(request: TestRequest): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  return [`curl -X POST ${quote(request.url)}`, ...Object.entries(request.headers).map(([name, value]) => `  -H ${quote(`${name}: ${value}`)}`), `  --data-raw ${quote(request.body)}`].join(
    " \\\n",
  );
}
