// Every /api/v1 route file and method: what the route exports goes through the proxy, any other
// method answers a JSON 405 with the right Allow header, and a path no route serves answers a JSON
// 404 from the catch-all, for every method.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { API_PATH_METHODS, methodsOfApiPath } from "@/lib/api/api-paths";
import { API_OPERATIONS } from "@/lib/api/operations";
import { proxy } from "@/proxy";
import * as catchAll from "./[[...path]]/route";

// The proxy reads the configuration (cookie names, the session check); nothing here connects anywhere.
vi.hoisted(() => {
  process.env.DATABASE_URL ??= "postgres://nobody@127.0.0.1:1/none";
  process.env.AUTH_SECRET ??= "a-test-secret-of-at-least-32-characters";
  process.env.ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
});

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const SOME_ID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

function routeFiles(): Array<{ file: string; path: string }> {
  const root = join(process.cwd(), "app", "api", "v1");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => (file === "route.ts" || file.endsWith(`${sep}route.ts`)) && !file.startsWith("[[..."))
    .map((file) => ({ file: join(root, file), path: `/${relative(root, join(root, file, "..")).split(sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}") }));
}

const concrete = (path: string) => path.replace(/\{\w+\}/g, SOME_ID);

async function throughProxy(method: string, path: string): Promise<Response> {
  return proxy(new NextRequest(`http://localhost:3000/api/v1${path}`, { method, headers: { authorization: "Bearer swy_not-checked-by-the-proxy" } }));
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe("/api/v1 methods and paths", () => {
  it("lists, for each path, exactly the methods of the operation table", () => {
    const fromOperations: Record<string, string[]> = {};
    for (const operation of API_OPERATIONS) (fromOperations[operation.path] ??= []).push(operation.method);
    const sorted = (table: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(table).map(([path, methods]) => [path, [...methods].sort()]));
    expect(sorted(API_PATH_METHODS)).toEqual(sorted(fromOperations));
  });

  it("lets every exported method of every route file through, and answers every other with a JSON 405 and Allow", async () => {
    const files = routeFiles();
    expect(files.length).toBe(Object.keys(API_PATH_METHODS).length);
    for (const { file, path } of files) {
      const handlers = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((method) => typeof handlers[method] === "function");
      expect(methodsOfApiPath(concrete(path))?.map((method) => method.toUpperCase()).sort(), path).toEqual([...exported].sort());
      for (const method of METHODS) {
        const response = await throughProxy(method, concrete(path));
        if (exported.includes(method)) {
          expect(response.status, `${method} ${path}`).not.toBe(405);
          expect(response.headers.get("x-middleware-next"), `${method} ${path} goes on to its route`).toBe("1");
          continue;
        }
        expect(response.status, `${method} ${path}`).toBe(405);
        const body = (await response.json()) as ErrorBody;
        expect(body.error.code).toBe("method_not_allowed");
        expect(body.error.message).toContain(method);
        const allow = response.headers.get("allow")?.split(", ") ?? [];
        expect(allow, `${method} ${path}`).toEqual(expect.arrayContaining([...exported, "OPTIONS"]));
        expect(allow.filter((name) => name !== "HEAD" && name !== "OPTIONS").sort()).toEqual([...exported].sort());
      }
    }
  });

  it("answers a path no route serves with a JSON 404 for every method", async () => {
    for (const path of ["/nope", "/sources/" + SOME_ID + "/nope", "/events/" + SOME_ID + "/body/extra", "/"]) {
      expect(methodsOfApiPath(path), path).toBeNull();
      for (const method of [...METHODS, "HEAD", "OPTIONS"] as const) {
        // The proxy passes it on (no 405 for what does not exist)…
        expect((await throughProxy(method, path)).headers.get("x-middleware-next"), `${method} ${path}`).toBe("1");
        // …and the catch-all answers.
        const handler = catchAll[method];
        const response = handler();
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toContain("application/json");
        if (method !== "HEAD") expect(((await response.json()) as ErrorBody).error.code).toBe("not_found");
      }
    }
  });

  it("needs a session or a token for an unknown path, as for any other", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/api/v1/nope"));
    expect(response.status).toBe(401);
  });
});
