// The request headers as stored with an event: lower-case names, credentials redacted so a stored
// event never holds a password, session or API key.
const ALWAYS_REDACTED = ["authorization", "proxy-authorization", "cookie"];

export function recordHeaders(headers: Headers, alsoRedact: string[] = []): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = ALWAYS_REDACTED.includes(name) || alsoRedact.includes(name) ? "[redacted]" : value;
  });
  return record;
}
