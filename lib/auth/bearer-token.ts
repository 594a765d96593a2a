// The token of an `Authorization: Bearer <token>` header (RFC 6750), or null for any other value.
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
