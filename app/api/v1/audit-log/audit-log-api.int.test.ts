// /api/v1/audit-log, and the actor the API records: the token's owner, named with the token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { AuditLogEntry } from "@/lib/audit/schema";
import { db, disconnectDb } from "@/lib/db";
import { createTestUser, TEST_ACTOR, uniqueName } from "@/lib/testing/factories";
import * as sourcesRoute from "../sources/route";
import * as auditRoute from "./route";

afterAll(() => disconnectDb());

let token = "";
let user: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  user = await createTestUser({ role: "admin" });
  token = (await createApiToken({ userId: user.id, name: "audit tests", actor: TEST_ACTOR })).token;
});

async function call(
  handler: (request: Request) => Promise<Response>,
  {
    method = "GET",
    query = "",
    body,
    auth = `Bearer ${token}`,
  }: { method?: string; query?: string; body?: unknown; auth?: string | null } = {},
) {
  const headers: Record<string, string> = auth ? { authorization: auth } : {};
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await handler(
    new Request(`http://localhost:3999/api/v1/x${query}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      nextCursor?: string | null;
      error?: { code: string; details?: unknown };
    },
  };
}

describe("/api/v1/audit-log", () => {
  it("records a change made with an API token as that token's, and lists it a page at a time", async () => {
    const names = [uniqueName("from the API"), uniqueName("from the API")];
    const ids: string[] = [];
    for (const name of names) {
      const created = await call(sourcesRoute.POST, { method: "POST", body: { name } });
      expect(created.status).toBe(201);
      ids.push((created.body.data as { id: string }).id);
    }

    const row = await db().auditLog.findFirstOrThrow({ where: { targetId: ids[0] } });
    expect(row).toMatchObject({
      action: "source.created",
      actorId: user.id,
      actorLabel: `API token “audit tests” (${user.email})`,
      targetName: names[0],
    });

    const page = await call(auditRoute.GET, { query: "?limit=1&targetType=source" });
    expect(page.status).toBe(200);
    expect(AuditLogEntry.array().parse(page.body.data)).toEqual([
      expect.objectContaining({
        action: "source.created",
        actor: { id: user.id, label: row.actorLabel },
        target: { type: "source", id: ids[1], name: names[1], exists: true },
      }),
    ]);
    // `cursor`, and `before`, its former name.
    for (const cursorName of ["cursor", "before"]) {
      const next = await call(auditRoute.GET, { query: `?limit=1&targetType=source&${cursorName}=${page.body.nextCursor}` });
      expect(next.status).toBe(200);
      expect(
        AuditLogEntry.array()
          .parse(next.body.data)
          .map((entry) => entry.target.id),
      ).toEqual([ids[0]]);
    }
  });

  it("answers invalid_request for a bad query and unauthorized without credentials", async () => {
    for (const query of ["?limit=0", "?limit=abc", "?targetType=webhook", "?before=garbage", "?cursor=garbage", "?page=2"]) {
      const answer = await call(auditRoute.GET, { query });
      expect([query, answer.status, answer.body.error?.code]).toEqual([query, 400, "invalid_request"]);
    }
    expect((await call(auditRoute.GET, { auth: null })).status).toBe(401);
  });
});
