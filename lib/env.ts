// Configuration for the web app and the worker, validated once. Read lazily (not at import time) so
// `next build` can load modules without a configured instance.
import { z } from "zod";
import { cidrListStringSchema } from "@/lib/net/ip-policy";

const postgresUrl = z
  .string({ error: "is required: a PostgreSQL URL like postgres://user:password@host:5432/switchyard" })
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must be a PostgreSQL URL like postgres://user:password@host:5432/switchyard",
  });

const base64Key = z
  .string({ error: "is required: 32 random bytes, base64 (generate with: openssl rand -base64 32)" })
  .refine((value) => Buffer.from(value, "base64").length === 32, {
    message: "must be 32 random bytes, base64-encoded (generate with: openssl rand -base64 32)",
  });

/** A number of days, at least 1; unset or empty means the default. */
function days(defaultDays: number) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ error: "must be a whole number of days, 1 or more" }).int("must be a whole number of days, 1 or more").min(1, "must be a whole number of days, 1 or more").default(defaultDays),
  );
}

/** A whole number within bounds; unset or empty means the default. */
function wholeNumber({ min, max, defaultValue, unit }: { min: number; max: number; defaultValue: number; unit: string }) {
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(defaultValue),
  );
}

/** A duration in milliseconds, 100 ms to an hour. */
function milliseconds(defaultValue: number) {
  return wholeNumber({ min: 100, max: 3_600_000, defaultValue, unit: "milliseconds" });
}

const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const TRACES_SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;

function otlpEndpoint(example: string) {
  return z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .refine((value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value), { message: `must be ${example}` })
      .optional(),
  );
}

const OTLP_HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** "name=value,…" as the OpenTelemetry spec writes it; the message never repeats a value (they are secrets). */
const otlpHeaders = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z
    .string()
    .optional()
    .superRefine((value, context) => {
      if (value === undefined) return;
      for (const [index, pair] of value.split(",").entries()) {
        if (pair.trim() === "") continue;
        const equals = pair.indexOf("=");
        const name = equals < 0 ? "" : pair.slice(0, equals).trim();
        let decoded = true;
        try {
          decodeURIComponent(pair.slice(equals + 1));
        } catch {
          decoded = false;
        }
        if (equals < 0 || !OTLP_HEADER.test(name) || !decoded) {
          context.addIssue({ code: "custom", message: `must be a comma-separated list of name=value pairs, values percent-encoded, like api-key=abc%20123 (entry ${index + 1} is not)` });
          return;
        }
      }
    }),
);

const otlpProtocol = z.preprocess(
  (value) => (value === "" ? undefined : value),
  z.enum(["http/protobuf", "http/json"], { error: 'must be "http/protobuf" or "http/json" (Switchyard exports OTLP over HTTP; gRPC is not supported)' }).optional(),
);

const optionalNonEmpty = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());

export const EnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  AUTH_SECRET: z
    .string({ error: "is required: at least 32 characters (generate with: openssl rand -base64 32)" })
    .min(32, "must be at least 32 characters (generate with: openssl rand -base64 32)"),
  ENCRYPTION_KEY: base64Key,
  APP_URL: z.url({ error: "must be the public base URL, like https://hooks.example.com" }).default("http://localhost:3000"),
  ADMIN_EMAIL: z.preprocess((value) => (value === "" ? undefined : value), z.email({ error: "must be an email address" }).optional()),
  ADMIN_PASSWORD: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.string().min(12, "must be at least 12 characters").optional(),
  ),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  // Serve HTTPS directly: a PEM certificate (chain) and its private key. Both or neither; the files
  // are read again whenever they change (lib/runtime/tls-files.ts), so a renewed certificate needs no restart.
  TLS_CERT_FILE: optionalNonEmpty,
  TLS_KEY_FILE: optionalNonEmpty,
  TRUST_PROXY: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  // A worker answers GET /health on this port (on HOST) for a process manager's liveness probe
  // (lib/runtime/liveness-server.ts); unset, it listens on no port at all.
  WORKER_HEALTH_PORT: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ error: "must be a port number" }).int("must be a port number").min(1, "must be a port number").max(65535, "must be a port number").optional(),
  ),
  BOOTSTRAP_API_TOKEN: optionalNonEmpty,
  // Address ranges every destination may reach, private or not (cloud metadata stays blocked).
  OUTBOUND_ALLOW_CIDRS: z.string().default("").pipe(cidrListStringSchema),
  // Days events (with their routing runs, deliveries and attempts), delivery attempts, refused
  // requests and finished bulk operations are kept; the hourly retention job deletes older ones.
  RETENTION_DAYS: days(30),
  // Days the audit log is kept.
  AUDIT_RETENTION_DAYS: days(365),
  // The web server's bounds on slow or abandoned requests (lib/runtime/create-web-server.ts):
  // request headers must arrive within HTTP_HEADERS_TIMEOUT_MS, a whole request within
  // HTTP_REQUEST_TIMEOUT_MS (every route), a receiver's body within INGEST_BODY_TIMEOUT_MS of its
  // headers; at most MAX_CONNECTIONS connections are open at once.
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(15_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(60_000),
  INGEST_BODY_TIMEOUT_MS: milliseconds(30_000),
  MAX_CONNECTIONS: wholeNumber({ min: 1, max: 1_000_000, defaultValue: 1000, unit: "connections" }),
  // A destination's circuit opens once its endpoint has failed, without a single success, for this
  // many seconds and over CIRCUIT_MIN_FAILURES attempts in a row (lib/destinations/circuit-policy.ts).
  // The defaults are DEFAULT_CIRCUIT_POLICY's (lib/env.test.ts keeps them equal); configuration sits
  // below every domain folder, so it names the numbers rather than importing them.
  CIRCUIT_OPEN_AFTER_SECONDS: wholeNumber({ min: 1, max: 86_400, defaultValue: 60, unit: "seconds" }),
  CIRCUIT_MIN_FAILURES: wholeNumber({ min: 1, max: 100_000, defaultValue: 10, unit: "failed attempts" }),
  // The SMTP server alert e-mails go out through (lib/alerts/channels/email.ts); unset: e-mail
  // channels cannot send, and say so. smtps:// for TLS from the start; credentials in the URL.
  SMTP_URL: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .refine((value) => /^smtps?:\/\/[^/]/.test(value) && URL.canParse(value), { message: "must be an SMTP URL like smtp://user:password@mail.example.com:587 or smtps://…:465" })
      .optional(),
  ),
  // The sender of alert e-mails.
  SMTP_FROM: z.preprocess((value) => (value === "" ? undefined : value), z.string().min(3).max(320).default("Switchyard <switchyard@localhost>")),
  // Single sign-on with OpenID Connect (lib/auth/oidc-provider.ts): the provider's issuer URL (its
  // discovery document is read from <issuer>/.well-known/openid-configuration) and this client's id
  // and secret there; all three or none. OIDC_NAME labels the "Sign in with …" button.
  OIDC_ISSUER: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .refine((value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value), { message: "must be the provider's issuer URL, like https://login.example.com/realms/acme" })
      .optional(),
  ),
  OIDC_CLIENT_ID: optionalNonEmpty,
  OIDC_CLIENT_SECRET: optionalNonEmpty,
  OIDC_NAME: z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().min(1).max(40, "must be at most 40 characters").default("single sign-on")),
  // E-mail domains whose people get an account at their first SSO sign-in, with OIDC_DEFAULT_ROLE;
  // anyone else needs an existing account (an invite). Empty: nobody is provisioned.
  OIDC_AUTO_PROVISION_DOMAINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((domain) => domain.trim().toLowerCase()).filter((domain) => domain !== ""))
    .superRefine((domains, context) => {
      const invalid = domains.filter((domain) => !EMAIL_DOMAIN.test(domain));
      if (invalid.length > 0) {
        context.addIssue({ code: "custom", message: `must be a comma-separated list of e-mail domains, like example.com,eu.example.com (not ${invalid.join(", ")})` });
      }
    }),
  OIDC_DEFAULT_ROLE: z.enum(["viewer", "operator", "admin"], { error: "must be viewer, operator or admin" }).default("viewer"),
  // OpenTelemetry traces of receive → route → deliver (lib/tracing), off unless an OTLP endpoint is
  // set: the standard variables, read once here. OTEL_EXPORTER_OTLP_ENDPOINT is a collector's base
  // URL (/v1/traces is added); OTEL_EXPORTER_OTLP_TRACES_ENDPOINT the full traces URL.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint("a collector's OTLP/HTTP base URL, like http://localhost:4318"),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint("a collector's OTLP/HTTP traces URL, like http://localhost:4318/v1/traces"),
  // "name=value,name=value" (values percent-encoded): secrets such as an API key; never logged,
  // and a malformed one is reported without its value.
  OTEL_EXPORTER_OTLP_HEADERS: otlpHeaders,
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: otlpHeaders,
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol,
  // Milliseconds one export may take before it is given up (the OTLP exporter's default is 10 s).
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: wholeNumber({ min: 100, max: 60_000, defaultValue: 5_000, unit: "milliseconds" }),
  OTEL_SERVICE_NAME: z.preprocess((value) => (value === "" ? undefined : value), z.string().trim().min(1).max(200, "must be at most 200 characters").default("switchyard")),
  OTEL_TRACES_SAMPLER: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(TRACES_SAMPLERS, { error: `must be one of ${TRACES_SAMPLERS.join(", ")}` })
      .default("parentbased_always_on"),
  ),
  OTEL_TRACES_SAMPLER_ARG: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.coerce.number({ error: "must be a ratio from 0 to 1, like 0.25" }).min(0, "must be a ratio from 0 to 1, like 0.25").max(1, "must be a ratio from 0 to 1, like 0.25").optional(),
  ),
  // The standard switches that turn tracing off whatever else is set.
  OTEL_SDK_DISABLED: z
    .enum(["true", "false", ""], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
  OTEL_TRACES_EXPORTER: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["otlp", "none"], { error: 'must be "otlp" or "none" (Switchyard exports traces over OTLP/HTTP only)' }).default("otlp")),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates an environment; every problem is reported at once, each naming its variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) {
    const tls = [result.data.TLS_CERT_FILE, result.data.TLS_KEY_FILE].filter((file) => file !== undefined).length;
    if (tls === 1) throw new ConfigError(["TLS_CERT_FILE and TLS_KEY_FILE must be set together (a PEM certificate and its private key)"]);
    if (tls === 2) {
      // The server then speaks only TLS: its public address is https (and so are its cookies).
      if (!source.APP_URL) result.data.APP_URL = `https://localhost:${result.data.PORT}`;
      else if (!result.data.APP_URL.startsWith("https://")) {
        throw new ConfigError([`APP_URL must start with https:// when TLS_CERT_FILE and TLS_KEY_FILE are set (the server speaks only TLS), not ${result.data.APP_URL}`]);
      }
    }
    if (result.data.ADMIN_EMAIL && !result.data.ADMIN_PASSWORD) {
      throw new ConfigError(["ADMIN_PASSWORD is required when ADMIN_EMAIL is set"]);
    }
    const oidc = [result.data.OIDC_ISSUER, result.data.OIDC_CLIENT_ID, result.data.OIDC_CLIENT_SECRET].filter((value) => value !== undefined).length;
    if (oidc !== 0 && oidc !== 3) {
      throw new ConfigError(["OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together for single sign-on (or none of them)"]);
    }
    if (oidc === 0 && result.data.OIDC_AUTO_PROVISION_DOMAINS.length > 0) {
      throw new ConfigError(["OIDC_AUTO_PROVISION_DOMAINS needs single sign-on configured: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"]);
    }
    const sampler = result.data.OTEL_TRACES_SAMPLER;
    if (result.data.OTEL_TRACES_SAMPLER_ARG !== undefined && !sampler.endsWith("traceidratio")) {
      throw new ConfigError([`OTEL_TRACES_SAMPLER_ARG is a ratio for traceidratio or parentbased_traceidratio; OTEL_TRACES_SAMPLER is ${sampler}`]);
    }
    // Node refuses a headers timeout longer than the whole request's.
    if (result.data.HTTP_HEADERS_TIMEOUT_MS > result.data.HTTP_REQUEST_TIMEOUT_MS) {
      throw new ConfigError([`HTTP_HEADERS_TIMEOUT_MS must not be more than HTTP_REQUEST_TIMEOUT_MS (${result.data.HTTP_REQUEST_TIMEOUT_MS})`]);
    }
    return result.data;
  }
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
