// What a delivery attempt row keeps of the headers that went out and came back. A destination's
// custom header values are its own configuration and often credentials whatever their names
// (X-Auth, X-Api, a bare token…), so an attempt keeps only their names: every custom value is
// replaced, on the way in, before the row is written. What Switchyard sets itself is kept as
// sent (user-agent, content-type, webhook-id/-timestamp/-signature: a signature is an HMAC, of no
// use without the secret). Response headers whose names say they carry credentials are replaced too.

export const REDACTED_HEADER_VALUE = "[redacted]";

const CREDENTIAL_NAME = /authorization|token|key|secret|password|cookie|credential|session/i;

/** The request headers for the attempt log: every custom header's value replaced. */
export function recordedRequestHeaders(sent: Record<string, string>, custom: Record<string, string>): Record<string, string> {
  const customNames = new Set(Object.keys(custom).map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(sent).map(([name, value]) => [name, customNames.has(name.toLowerCase()) ? REDACTED_HEADER_VALUE : value]));
}

/** The response headers for the attempt log: values under credential-like names replaced. */
export function recordedResponseHeaders(received: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(received).map(([name, value]) => [name, CREDENTIAL_NAME.test(name) ? REDACTED_HEADER_VALUE : value]));
}
