// Shared e2e values: the admin created by the set-up project, and a webhook sender.
export const admin = { name: "E2E Admin", email: "admin@e2e.test", password: "a long e2e password" };

export async function postWebhook(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}
