// Which methods each /api/v1 path answers, for the proxy (proxy.ts) to answer a wrong method with a
// JSON 405 and an `Allow` header instead of Next's empty one. The proxy cannot import the operation
// table (it pulls in the database client), so this is its light copy: a unit test
// (app/api/v1/api-methods.test.ts) checks it against API_OPERATIONS and against the route files' exports.
// A new endpoint = one entry here too (the test names what is missing).

export type ApiMethod = "get" | "post" | "put" | "patch" | "delete";

export const API_PATH_METHODS: Readonly<Record<string, readonly ApiMethod[]>> = {
  "/alert-rules": ["get"],
  "/alert-rules/{id}": ["get", "patch"],
  "/alerts": ["get"],
  "/audit-log": ["get"],
  "/bulk-operations": ["get", "post"],
  "/bulk-operations/{id}": ["get", "delete"],
  "/deliveries": ["get"],
  "/deliveries/{id}": ["get"],
  "/deliveries/{id}/cancel": ["post"],
  "/deliveries/{id}/retry": ["post"],
  "/deliveries/{id}/skip": ["post"],
  "/destinations": ["get", "post"],
  "/destinations/{id}": ["get", "patch", "delete"],
  "/destinations/{id}/circuit": ["get"],
  "/destinations/{id}/health": ["get"],
  "/destinations/{id}/pause": ["post"],
  "/destinations/{id}/probe": ["post"],
  "/destinations/{id}/recovery": ["get"],
  "/destinations/{id}/blocked-keys": ["get"],
  "/destinations/{id}/resume": ["post"],
  "/destinations/{id}/reveal-headers": ["post"],
  "/destinations/{id}/rotate-secret": ["post"],
  "/destinations/{id}/test-deliveries": ["get"],
  "/destinations/{id}/test-delivery": ["post"],
  "/events": ["get"],
  "/events/{id}": ["get"],
  "/events/{id}/body": ["get"],
  "/events/{id}/replay": ["post"],
  "/inboxes": ["post"],
  "/inboxes/{id}": ["get"],
  "/inboxes/{id}/messages/receive": ["post"],
  "/inboxes/{id}/messages/{messageId}/ack": ["post"],
  "/inboxes/{id}/messages/{messageId}/extend-lease": ["post"],
  "/inboxes/{id}/messages/{messageId}/nack": ["post"],
  "/inboxes/{id}/stream": ["get"],
  "/inboxes/{id}/tokens": ["get", "post"],
  "/inboxes/{id}/tokens/{tokenId}": ["delete"],
  "/invites": ["get", "post"],
  "/invites/{id}": ["delete"],
  "/me/sign-out-everywhere": ["post"],
  "/notification-channels": ["get", "post"],
  "/notification-channels/{id}": ["get", "patch", "delete"],
  "/notification-channels/{id}/test": ["post"],
  "/openapi.json": ["get"],
  "/overview": ["get"],
  "/rules/{id}": ["get", "patch", "delete"],
  "/rules/{id}/rollback": ["post"],
  "/rules/{id}/versions": ["get"],
  "/setup": ["post"],
  "/sources": ["get", "post"],
  "/sources/{id}": ["get", "patch", "delete"],
  "/sources/{id}/fields": ["get"],
  "/sources/{id}/rotate-secret": ["post"],
  "/sources/{id}/rules": ["get", "post"],
  "/sources/{id}/rules/backtest": ["post"],
  "/sources/{id}/rules/backtest-chain": ["post"],
  "/sources/{id}/rules/order": ["put"],
  "/sources/{id}/rules/test": ["post"],
  "/users": ["get"],
  "/users/{id}": ["get", "patch", "delete"],
};

const PATTERNS = Object.entries(API_PATH_METHODS).map(([path, methods]) => ({
  // `{id}` is one path segment; everything else is literal.
  pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, (char) => `\\${char}`).replace(/\\\{\w+\\\}/g, "[^/]+")}/?$`),
  methods,
}));

/** The methods a path below /api/v1 (e.g. `/sources/3f…/rotate-secret`) answers; null for a path no route serves. */
export function methodsOfApiPath(path: string): readonly ApiMethod[] | null {
  return PATTERNS.find(({ pattern }) => pattern.test(path))?.methods ?? null;
}

/** The `Allow` header's value: the methods, with HEAD and OPTIONS that Next answers for them. */
export function allowHeader(methods: readonly ApiMethod[]): string {
  const upper = methods.map((method) => method.toUpperCase());
  return [...upper, ...(upper.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
}
