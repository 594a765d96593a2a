// The request headers as stored with an event: lower-case names, credentials redacted so a stored
// event never holds a password or session.
const REDACTED = ["authorization", "proxy-authorization", "cookie"];

export function recordHeaders(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = REDACTED.includes(name) ? "[redacted]" : value;
  });
  return record;
}
