// The client's address, for rate limiting. The web server (lib/runtime/create-web-server.ts)
// overwrites X-Forwarded-For with the socket's peer unless TRUST_PROXY is set; behind one trusted
// proxy the last entry is the address that proxy saw (earlier entries are whatever the client claimed).
export function clientAddress(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? "unknown";
}
