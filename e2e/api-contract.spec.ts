// The OpenAPI document against the running product. The document served at /api/v1/openapi.json
// passes a standard validator (@apidevtools/swagger-parser); a client is generated from it with
// openapi-typescript; then every operation is called for real (success answers, and some errors)
// and each answer's JSON is written into a TypeScript file as a value of the generated type for its
// path, method and status, which tsc must accept: an undocumented field, a missing one, a wrong
// type or an undocumented status fails the test. Also: every /api/v1 path and method answers JSON.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { expect, test, type APIRequestContext } from "@playwright/test";
import openapiTS, { astToString } from "openapi-typescript";
import { postWebhook } from "./fixtures";

interface Recorded {
  path: string;
  method: string;
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

function caller(request: APIRequestContext, recorded: Recorded[]) {
  return async (method: string, path: string, params: Record<string, string> = {}, body?: unknown, query = ""): Promise<{ status: number; body: Json }> => {
    const url = `/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "")}${query}`;
    const response = await request.fetch(url, { method: method.toUpperCase(), ...(body === undefined ? {} : { data: body }) });
    const parsed = (await response.json()) as Json;
    recorded.push({ path, method, status: response.status(), body: parsed });
    return { status: response.status(), body: parsed };
  };
}

const dataOf = (answer: { body: Json }) => answer.body.data as Json;

test("the OpenAPI document is valid, and a client generated from it types every route's real answers", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const request = page.request;
  const documentAnswer = await request.get("/api/v1/openapi.json");
  expect(documentAnswer.status()).toBe(200);
  const document = (await documentAnswer.json()) as Json;
  // The validator dereferences in place: give it a copy.
  await SwaggerParser.validate(structuredClone(document) as never);

  const recorded: Recorded[] = [];
  const call = caller(request, recorded);
  const stamp = Date.now().toString(36);

  // Sources, destinations, rules.
  const source = dataOf(await call("post", "/sources", {}, { name: `contract ${stamp}` }));
  const sourceId = { id: String(source.id) };
  const signed = dataOf(await call("post", "/sources", {}, { name: `contract hmac ${stamp}`, scheme: "github" }));
  await call("get", "/sources");
  await call("get", "/sources/{id}", sourceId);
  await call("get", "/sources/{id}", { id: "00000000-0000-4000-8000-000000000000" });
  await call("patch", "/sources/{id}", sourceId, { name: `contract renamed ${stamp}` });
  await call("post", "/sources/{id}/rotate-secret", { id: String(signed.id) }, {});
  await call("post", "/sources/{id}/rotate-secret", sourceId, {});
  const destination = dataOf(await call("post", "/destinations", {}, { name: `contract ${stamp}`, url: "http://127.0.0.1:9/hook", allowPrivateNetwork: true }));
  const destinationId = { id: String(destination.id) };
  await call("get", "/destinations");
  await call("get", "/destinations/{id}", destinationId);
  // Ordered by the event's id, so its delivery can be skipped below.
  await call("patch", "/destinations/{id}", destinationId, { timeoutMs: 5000, orderingKey: "{{id}}" });
  await call("post", "/destinations/{id}/rotate-secret", destinationId, {});
  await call("post", "/destinations/{id}/reveal-headers", destinationId);
  await call("get", "/destinations/{id}/health", destinationId);
  await call("get", "/destinations/{id}/circuit", destinationId);
  await call("get", "/destinations/{id}/recovery", destinationId);
  await call("post", "/destinations/{id}/probe", destinationId);
  await call("post", "/destinations/{id}/test-delivery", destinationId);
  await call("get", "/destinations/{id}/test-deliveries", destinationId);
  // An inbox the same rule forwards to, so the event below becomes a message to consume.
  const inbox = dataOf(await call("post", "/inboxes", {}, { name: `contract inbox ${stamp}` }));
  const inboxId = { id: String(inbox.id) };
  await call("get", "/inboxes/{id}", inboxId);
  const inboxToken = dataOf(await call("post", "/inboxes/{id}/tokens", inboxId, { name: "contract" }));
  await call("get", "/inboxes/{id}/tokens", inboxId);
  await call("delete", "/inboxes/{id}/tokens/{tokenId}", { ...inboxId, tokenId: String(inboxToken.id) });
  const ruleBody = {
    name: "Everything",
    conditions: { combinator: "and", rules: [{ field: "body.priority", operator: "exists" }] },
    actions: [{ type: "forward", destinationIds: [destinationId.id, inboxId.id] }, { type: "addTags", tags: ["contract"] }],
  };
  const rule = dataOf(await call("post", "/sources/{id}/rules", sourceId, ruleBody));
  const ruleId = { id: String(rule.id) };
  await call("get", "/sources/{id}/rules", sourceId);
  await call("get", "/rules/{id}", ruleId);
  await call("patch", "/rules/{id}", ruleId, { ...ruleBody, name: "Everything, renamed" });
  await call("get", "/rules/{id}/versions", ruleId);
  await call("post", "/rules/{id}/rollback", ruleId, { version: 1 });
  await call("put", "/sources/{id}/rules/order", sourceId, { ruleIds: [ruleId.id] });

  // An event, routed by the worker to a delivery.
  const ingest = await postWebhook(String(source.ingestUrl), { priority: "high", id: stamp });
  expect(ingest.status).toBe(200);
  const { eventId } = (await ingest.json()) as { eventId: string };
  await expect.poll(async () => ((await (await request.get(`/api/v1/deliveries?destination=${destinationId.id}`)).json()) as { data: unknown[] }).data.length, { timeout: 20_000 }).toBe(1);
  await call("get", "/sources/{id}/fields", sourceId);
  await call("post", "/sources/{id}/rules/test", sourceId, { rule: ruleBody, sample: { eventId } });
  await call("post", "/sources/{id}/rules/backtest", sourceId, { conditions: ruleBody.conditions });
  const chain = dataOf(await call("post", "/sources/{id}/rules/backtest-chain", sourceId, { period: "day", draft: { ruleId: ruleId.id, rule: { ...ruleBody, actions: [{ type: "addTags", tags: ["contract"] }] } } }));
  // The draft no longer forwards: the routed event would lose both destinations.
  expect(chain).toMatchObject({ evaluated: 1, comparedWith: "saved", changedEvents: 1 });
  await call("get", "/events", {}, undefined, `?source=${sourceId.id}`);
  await call("get", "/events/{id}", { id: eventId });
  await call("post", "/events/{id}/replay", { id: eventId }, {});
  const deliveries = await call("get", "/deliveries", {}, undefined, `?destination=${destinationId.id}`);
  const deliveryId = { id: String((deliveries.body.data as Json[])[0]?.id) };
  await call("get", "/deliveries/{id}", deliveryId);
  await call("post", "/deliveries/{id}/cancel", deliveryId);
  await call("post", "/deliveries/{id}/retry", deliveryId);
  await call("get", "/destinations/{id}/blocked-keys", destinationId);
  await call("post", "/deliveries/{id}/skip", deliveryId);
  await call("post", "/destinations/{id}/pause", destinationId, { reason: "contract test" });
  await call("post", "/destinations/{id}/resume", destinationId);

  // The event's message in the inbox: received (a long poll until routing puts it there), its lease
  // extended, nacked, received again and acked.
  const messageIn = async () => {
    const received = await call("post", "/inboxes/{id}/messages/receive", inboxId, { max: 1, waitSeconds: 20 });
    const message = (received.body.data as Json[])[0];
    expect(message, "a message in the inbox").toBeDefined();
    return { id: String(message?.id), leaseId: String(message?.leaseId) };
  };
  const first = await messageIn();
  await call("post", "/inboxes/{id}/messages/{messageId}/extend-lease", { ...inboxId, messageId: first.id }, { leaseId: first.leaseId, leaseSeconds: 60 });
  await call("post", "/inboxes/{id}/messages/{messageId}/nack", { ...inboxId, messageId: first.id }, { leaseId: first.leaseId, delaySeconds: 0 });
  const again = await messageIn();
  await call("post", "/inboxes/{id}/messages/{messageId}/ack", { ...inboxId, messageId: again.id }, { leaseId: again.leaseId });

  // People: two invitations (one withdrawn); the other is taken in a browser of its own, its user
  // signs out everywhere, then the admin changes their role and removes them.
  const email = `contract-${stamp}@e2e.test`;
  const invited = dataOf(await call("post", "/invites", {}, { email, role: "operator" }));
  const withdrawn = dataOf(await call("post", "/invites", {}, { email: `withdrawn-${stamp}@e2e.test`, role: "viewer" }));
  await call("get", "/invites");
  await call("delete", "/invites/{id}", { id: String((withdrawn.invite as Json).id) });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const person = await context.newPage();
  await person.goto(String(invited.url));
  await person.getByLabel("Your name").fill("Contract Person");
  await person.getByLabel("Password").fill("a long password for the contract test");
  await person.getByRole("button", { name: "Join Switchyard" }).click();
  await expect(person.getByText("Your account is ready")).toBeVisible();
  await person.getByLabel("Password").fill("a long password for the contract test");
  await person.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(person.getByRole("link", { name: "Overview" }).first()).toBeVisible();
  await caller(person.request, recorded)("post", "/me/sign-out-everywhere");
  await context.close();
  const users = await call("get", "/users");
  const personId = { id: String((users.body.data as Json[]).find((user) => user.email === email)?.id) };
  await call("get", "/users/{id}", personId);
  await call("patch", "/users/{id}", personId, { role: "viewer" });
  await call("delete", "/users/{id}", personId);

  // Bulk operations, the overview, the audit log, alerts, set-up.
  const bulk = dataOf(await call("post", "/bulk-operations", {}, { kind: "replay", filter: { source: sourceId.id } }));
  await call("get", "/bulk-operations");
  await call("get", "/bulk-operations/{id}", { id: String(bulk.id) });
  await call("delete", "/bulk-operations/{id}", { id: String(bulk.id) });
  await call("get", "/overview");
  await call("get", "/audit-log");
  const channel = dataOf(await call("post", "/notification-channels", {}, { kind: "email", name: `contract ${stamp}`, recipients: ["ops@example.com"] }));
  const channelId = { id: String(channel.id) };
  await call("get", "/notification-channels");
  await call("get", "/notification-channels/{id}", channelId);
  await call("patch", "/notification-channels/{id}", channelId, { enabled: false });
  await call("post", "/notification-channels/{id}/test", channelId);
  await call("delete", "/notification-channels/{id}", channelId);
  const alertRules = await call("get", "/alert-rules");
  const alertRuleId = { id: String((alertRules.body.data as Json[])[0]?.id) };
  await call("get", "/alert-rules/{id}", alertRuleId);
  await call("patch", "/alert-rules/{id}", alertRuleId, { enabled: true });
  await call("get", "/alerts");
  await call("post", "/setup", {}, { name: "x", email: "x@example.com", password: "a long password here", setupCode: "0000-0000-0000-0000" });
  await call("get", "/openapi.json");
  await call("delete", "/rules/{id}", ruleId);
  await call("delete", "/destinations/{id}", destinationId);
  await call("delete", "/sources/{id}", sourceId);

  // Every operation answering JSON was called, at least once with a 2xx.
  const paths = document.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  const jsonOperations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      // A file or an event stream on success is not JSON: those answers are not typed here.
      .filter(([, operation]) => Object.values(operation.responses).some((response) => response.content?.["application/json"]) && !operation.responses["200"]?.content?.["application/octet-stream"] && !operation.responses["200"]?.content?.["text/event-stream"])
      .map(([method]) => `${method} ${path}`),
  );
  const succeeded = new Set(recorded.filter((answer) => answer.status < 300).map((answer) => `${answer.method} ${answer.path}`));
  // Their success needs a state this test does not stage (no admin yet; an open circuit; a bulk
  // operation still running when cancelled): their error answers (409) are typed instead.
  const answeredWithErrors = new Set(["post /setup", "post /destinations/{id}/probe", "delete /bulk-operations/{id}"]);
  for (const operation of answeredWithErrors) expect(recorded.some((answer) => `${answer.method} ${answer.path}` === operation), operation).toBe(true);
  expect(jsonOperations.filter((operation) => !answeredWithErrors.has(operation) && !succeeded.has(operation))).toEqual([]);

  // The generated client's types, and every answer as a value of its type.
  const dir = mkdtempSync(join(tmpdir(), "switchyard-contract-"));
  writeFileSync(join(dir, "api.ts"), astToString(await openapiTS(document as never)));
  const lines = [
    'import type { paths } from "./api";',
    "type Answer<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends { responses: infer R }",
    '  ? S extends keyof R ? (R[S] extends { content: { "application/json": infer B } } ? B : never) : never',
    "  : never;",
    ...recorded.map((answer, index) => `export const answer${index}: Answer<${JSON.stringify(answer.path)}, ${JSON.stringify(answer.method)}, ${answer.status}> = ${JSON.stringify(answer.body)};`),
  ];
  writeFileSync(join(dir, "answers.ts"), lines.join("\n"));
  let output = "";
  try {
    execFileSync(process.execPath, [join("node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--skipLibCheck", join(dir, "answers.ts")], { encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  // On failure, the line shows the call: answerN is recorded[N].
  expect(output, output.split("\n").slice(0, 20).join("\n")).toBe("");
  expect(recorded.length).toBeGreaterThan(50);
});

test("every /api/v1 path and method answers JSON: 404 not_found for an unknown path, 405 with Allow for a wrong method", async ({ page }) => {
  const request = page.request;
  const unknown = await request.get("/api/v1/no-such-thing");
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: { code: "not_found" } });
  const deeper = await request.post("/api/v1/sources/00000000-0000-4000-8000-000000000000/nope");
  expect(deeper.status()).toBe(404);
  expect(await deeper.json()).toMatchObject({ error: { code: "not_found" } });
  const wrongMethod = await request.put("/api/v1/sources", { data: {} });
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers()["allow"]).toBe("GET, POST, HEAD, OPTIONS");
  expect(await wrongMethod.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  const onAnId = await request.delete("/api/v1/events/00000000-0000-4000-8000-000000000000");
  expect(onAnId.status()).toBe(405);
  expect(onAnId.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
});
