// One typed handler for every /api/v1 route: `export const PATCH = apiRoute("updateSource", …)`.
// From the operation's entry in API_OPERATIONS (the table the OpenAPI document is generated from)
// it authenticates the caller (unless the operation is public), parses the JSON body and the query
// with the entry's schemas, answers a path id that is not a UUID with the parameter's not-found
// code, maps the lib's known errors (./domain-errors.ts), and answers `{ data, …extra }` with the
// entry's status, or `{ error: { code, message, details? } }` through apiError.
// Its types come from the same entry: the body and query the handler gets, the answer it must
// return (the entry's `success`), and the only error codes it may return (the ones documented).
import type { z } from "zod";
import { ApiFailure } from "@/lib/api/api-failure";
import { domainFailure } from "@/lib/api/domain-errors";
import { apiError } from "@/lib/api/errors";
import { API_OPERATIONS, API_SCHEMAS, type ApiOperation, type ApiSchemaName } from "@/lib/api/operations";
import { invalidRequest, parseJsonBody, toValidationIssue } from "@/lib/api/parse-json-body";
import { roleAtLeast, type Role } from "@/lib/access/roles";
import { actorOf, type Actor } from "@/lib/audit/actor";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { authenticateApiRequest, type ApiCaller } from "@/lib/auth/api-auth";
import { jsonData } from "@/lib/http/json-data";
import type { ValidationIssue } from "@/lib/http/validation-issue";
import { isUuid } from "@/lib/ids";
import { authenticateInboxRequest, type InboxConsumer } from "@/lib/inboxes/authenticate-inbox-request";

type Operation = (typeof API_OPERATIONS)[number];
export type OperationId = Operation["operationId"];
export type OperationOf<Id extends OperationId> = Extract<Operation, { operationId: Id }>;

type SchemaOf<Name extends ApiSchemaName> = (typeof API_SCHEMAS)[Name]["schema"];
type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;
/** `/sources/{id}` → `{ id: string }`. */
export type PathParams<O extends Operation> = { [Name in ParamNames<O["path"]>]: string };

type BodyOf<O> = O extends { body: { schema: infer Name extends ApiSchemaName } } ? z.output<SchemaOf<Name>> : undefined;
type QueryOf<O> = O extends { query: infer Schema extends z.ZodType } ? z.output<Schema> : undefined;
// What the client receives is what the document describes: each schema's output side.
type DataOf<S> = S extends { data: infer Name extends ApiSchemaName } ? (S extends { list: true } ? Array<z.output<SchemaOf<Name>>> : z.output<SchemaOf<Name>>) : never;
type ExtraOf<S> = S extends { extra: infer Extra extends Readonly<Record<string, z.ZodType>> } ? { [K in keyof Extra]: z.output<Extra[K]> } : unknown;

/** A successful answer: `{ data, …extra }`; for an operation without `data`, any JSON object; for a file (`bytes`), the Response itself. */
export type SuccessOf<O extends Operation> = O["success"] extends { bytes: true }
  ? Response
  : O["success"] extends { data: ApiSchemaName }
    ? { data: DataOf<O["success"]> } & ExtraOf<O["success"]>
    : Record<string, unknown>;

/** The codes the document lists for the operation (lib/api/openapi.ts adds the same implicit ones). */
export type ErrorCodeOf<O> =
  | (O extends { errors: readonly (infer Code)[] } ? Code : never)
  | (O extends { public: true } ? never : "unauthorized" | "database_unavailable")
  | (O extends { role: "operator" | "admin" } ? "forbidden" : never)
  | (O extends { body: object } ? "invalid_json" | "invalid_request" | "body_too_large" : never);

export type ApiContext<O extends Operation> = {
  request: Request;
  /** The query string as sent: for the lists whose filters parse it themselves (shared with their pages). */
  searchParams: URLSearchParams;
  params: PathParams<O>;
  body: BodyOf<O>;
  query: QueryOf<O>;
} & (O extends { public: true } ? { caller: null } : O extends { consumer: "inbox" } ? { caller: null; consumer: InboxConsumer } : { caller: ApiCaller; actor: Actor });

type Answer<O extends Operation> = SuccessOf<O> | ApiFailure<Extract<ErrorCodeOf<O>, ApiFailure["code"]>>;
export type ApiHandler<O extends Operation> = (context: ApiContext<O>) => Answer<O> | Promise<Answer<O>>;

/** What a route file exports (Next calls it with the request and a promise of the path params). */
export type ApiRouteHandler<O extends Operation> = ((request: Request, context?: { params: Promise<PathParams<O>> }) => Promise<Response>) & {
  /** The entry it serves: the unit test that ties route files to the table reads it. */
  readonly operation: O;
};

function roleRefusal(required: Role, caller: ApiCaller): string {
  const needs = required === "admin" ? "an administrator" : "an operator or administrator";
  const who = caller.tokenName ? `This API token acts as ${caller.role}` : `Your role is ${caller.role}`;
  return `Only ${needs} can do this. ${who}.`;
}

export function apiRoute<Id extends OperationId>(operationId: Id, handler: ApiHandler<OperationOf<Id>>): ApiRouteHandler<OperationOf<Id>> {
  const entry = API_OPERATIONS.find((candidate) => candidate.operationId === operationId) as OperationOf<Id> | undefined;
  if (!entry) throw new Error(`apiRoute: no operation ${operationId} in API_OPERATIONS`);
  const operation: ApiOperation = entry;
  if ((operation.role === "anyone") !== (operation.public === true)) throw new Error(`apiRoute: ${operationId} must be public exactly when its role is "anyone"`);
  const requiredRole = operation.role === "anyone" ? null : operation.role;
  const body = operation.body;
  const bodySchema = body ? API_SCHEMAS[body.schema].schema : null;
  // Every path parameter is a UUID; the entry says which code answers one that is not.
  const paramChecks = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => {
    const spec = operation.params?.[name];
    if (!spec) throw new Error(`apiRoute: ${operationId} has no params entry for {${name}}`);
    return { name, notFound: spec.notFound };
  });

  const queryKeys = operation.query ? Object.keys(operation.query.shape) : [];

  const handle = async (request: Request, routeContext?: { params: Promise<PathParams<OperationOf<Id>>> }): Promise<Response> => {
    // Credentials first: an anonymous request learns nothing about ids or bodies.
    // An inbox consumer's credential is judged against the path's inbox (an inbox token reads one inbox).
    const consumer =
      operation.consumer === "inbox" ? await authenticateInboxRequest({ request, inboxId: ((await routeContext?.params) as Record<string, string> | undefined)?.id ?? "" }) : null;
    // A person consuming an inbox (API token or session) is held to the operation's role like any
    // other caller; an inbox token is its own scope and carries no role.
    const caller = operation.public ? null : operation.consumer ? (consumer?.kind === "user" ? consumer.caller : null) : await authenticateApiRequest(request);
    if (!operation.public && !caller && !consumer) return apiError("unauthorized");
    // The caller's role now (a token's capped by its owner's), before the body is read.
    if (caller && requiredRole && !roleAtLeast(caller.role, requiredRole)) {
      return apiError("forbidden", { message: roleRefusal(requiredRole, caller), details: { requiredRole, role: caller.role } });
    }

    let parsedBody: unknown = undefined;
    if (body && bodySchema) {
      const parsed = await parseJsonBody({ request, schema: bodySchema, optional: !body.required });
      if (!parsed.ok) return parsed.response;
      parsedBody = parsed.data;
    }
    const searchParams = new URL(request.url).searchParams;
    // A parameter the operation does not declare is refused, named, rather than silently ignored
    // (a typo like `?stauts=failed` would otherwise list everything).
    const unknownKeys = [...new Set(searchParams.keys())].filter((key) => !queryKeys.includes(key));
    const takes = queryKeys.length > 0 ? `this endpoint takes ${queryKeys.join(", ")}` : "this endpoint takes no query parameters";
    const queryIssues: ValidationIssue[] = unknownKeys.map((key) => ({ path: [key], message: `Unknown query parameter "${key}": ${takes}` }));
    let query: unknown = undefined;
    if (operation.query) {
      const known = Object.fromEntries([...searchParams].filter(([key]) => queryKeys.includes(key)));
      const parsed = operation.query.safeParse(known);
      if (parsed.success) query = parsed.data;
      else queryIssues.unshift(...parsed.error.issues.map(toValidationIssue));
    }
    if (queryIssues.length > 0) return invalidRequest(queryIssues);
    // After the body, as the routes always did: a bad body is a 400 even at an unknown id.
    const params: Record<string, string> = { ...(await routeContext?.params) };
    for (const { name, notFound } of paramChecks) if (!isUuid(params[name])) return apiError(notFound);

    const managementCaller = operation.consumer ? null : caller;
    const context = { request, searchParams, params, body: parsedBody, query, caller: managementCaller, ...(managementCaller ? { actor: actorOf(managementCaller) } : {}), ...(consumer ? { consumer } : {}) };
    try {
      // The checks above are what ApiContext's conditional types say; TypeScript cannot follow them.
      const answer = await handler(context as ApiContext<OperationOf<Id>>);
      if (answer instanceof ApiFailure) return apiError(answer.code, { message: answer.message, details: answer.details });
      if (operation.success.bytes && answer instanceof Response) return answer;
      // Answers can hold secrets shown once: never cached (jsonData). A public one holds none.
      return operation.public ? Response.json(answer, { status: operation.success.status }) : jsonData(operation.success.status, answer);
    } catch (error) {
      const failure = domainFailure(error, { hasBody: body !== undefined });
      if (failure) return apiError(failure.code, { message: failure.message, details: failure.details });
      throw error;
    }
  };
  const route = async (request: Request, routeContext?: { params: Promise<PathParams<OperationOf<Id>>> }): Promise<Response> => {
    try {
      return await handle(request, routeContext);
    } catch (error) {
      // The database restarting or unreachable (also while checking the token) is weather, not a
      // bug: a 503 with Retry-After the client can act on, instead of a 500.
      if (isDatabaseUnavailable(error)) return apiError("database_unavailable");
      throw error;
    }
  };
  return Object.assign(route, { operation: entry });
}
