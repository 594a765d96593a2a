import { describe, expect, it } from "vitest";
import { DEFAULT_CIRCUIT_POLICY } from "@/lib/destinations/circuit-policy";
import { ConfigError, parseEnv } from "@/lib/env";

const valid = {
  DATABASE_URL: "postgres://u:p@localhost:5432/switchyard",
  AUTH_SECRET: "x".repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("accepts a minimal configuration and fills defaults", () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", APP_URL: "http://localhost:3000", TRUST_PROXY: false, LOG_LEVEL: "info" });
  });

  it("defaults the circuit breaker to DEFAULT_CIRCUIT_POLICY", () => {
    const env = parseEnv(valid);
    expect({ openAfterSeconds: env.CIRCUIT_OPEN_AFTER_SECONDS, minFailures: env.CIRCUIT_MIN_FAILURES }).toEqual(DEFAULT_CIRCUIT_POLICY);
  });

  it("reports every problem at once, each naming its variable and what it should look like", () => {
    const found = problems({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short", ENCRYPTION_KEY: "abc", PORT: "http" });
    expect(found).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL like postgres:\/\//),
      expect.stringMatching(/^AUTH_SECRET must be at least 32 characters/),
      expect.stringMatching(/^ENCRYPTION_KEY must be 32 random bytes, base64-encoded/),
      expect.stringMatching(/^PORT /),
    ]);
  });

  it("takes a worker health port, or none, and names the setting when it is not a port", () => {
    expect(parseEnv(valid).WORKER_HEALTH_PORT).toBeUndefined();
    expect(parseEnv({ ...valid, WORKER_HEALTH_PORT: "" }).WORKER_HEALTH_PORT).toBeUndefined();
    expect(parseEnv({ ...valid, WORKER_HEALTH_PORT: "9465" }).WORKER_HEALTH_PORT).toBe(9465);
    for (const bad of ["http", "0", "70000", "94.5"]) expect(problems({ ...valid, WORKER_HEALTH_PORT: bad })).toEqual(["WORKER_HEALTH_PORT must be a port number"]);
  });

  it("says which variables are missing", () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^DATABASE_URL is required/),
      expect.stringMatching(/^AUTH_SECRET is required/),
      expect.stringMatching(/^ENCRYPTION_KEY is required/),
    ]);
  });

  it("takes TLS files in pairs; with them the public address is https", () => {
    expect(problems({ ...valid, TLS_CERT_FILE: "/etc/tls/cert.pem" })).toEqual([expect.stringMatching(/^TLS_CERT_FILE and TLS_KEY_FILE must be set together/)]);
    expect(problems({ ...valid, TLS_KEY_FILE: "/etc/tls/key.pem", TLS_CERT_FILE: "" })).toEqual([expect.stringMatching(/^TLS_CERT_FILE and TLS_KEY_FILE must be set together/)]);
    const tls = { ...valid, TLS_CERT_FILE: "/etc/tls/cert.pem", TLS_KEY_FILE: "/etc/tls/key.pem" };
    expect(parseEnv({ ...tls, PORT: "3443" })).toMatchObject({ APP_URL: "https://localhost:3443", TLS_CERT_FILE: "/etc/tls/cert.pem" });
    expect(parseEnv({ ...tls, APP_URL: "https://hooks.example.com" }).APP_URL).toBe("https://hooks.example.com");
    expect(problems({ ...tls, APP_URL: "http://hooks.example.com" })).toEqual([expect.stringMatching(/^APP_URL must start with https:\/\/ when TLS_CERT_FILE/)]);
    expect(parseEnv(valid).TLS_CERT_FILE).toBeUndefined();
  });

  it("requires ADMIN_PASSWORD with ADMIN_EMAIL, and treats empty values as unset", () => {
    expect(problems({ ...valid, ADMIN_EMAIL: "admin@example.com" })).toEqual(["ADMIN_PASSWORD is required when ADMIN_EMAIL is set"]);
    expect(problems({ ...valid, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" })).toEqual([]);
    expect(problems({ ...valid, ADMIN_EMAIL: "admin@example.com", ADMIN_PASSWORD: "short" })).toEqual([
      "ADMIN_PASSWORD must be at least 12 characters",
    ]);
  });

  it("keeps events 30 days and the audit log 365 unless told otherwise, and refuses less than a day", () => {
    expect(parseEnv(valid)).toMatchObject({ RETENTION_DAYS: 30, AUDIT_RETENTION_DAYS: 365 });
    expect(parseEnv({ ...valid, RETENTION_DAYS: "7", AUDIT_RETENTION_DAYS: "" })).toMatchObject({ RETENTION_DAYS: 7, AUDIT_RETENTION_DAYS: 365 });
    expect(problems({ ...valid, RETENTION_DAYS: "0", AUDIT_RETENTION_DAYS: "1.5" })).toEqual([
      "RETENTION_DAYS must be a whole number of days, 1 or more",
      "AUDIT_RETENTION_DAYS must be a whole number of days, 1 or more",
    ]);
    expect(problems({ ...valid, RETENTION_DAYS: "a month" })).toEqual(["RETENTION_DAYS must be a whole number of days, 1 or more"]);
  });

  it("opens a destination's circuit after 60 s and 10 failures unless told otherwise, and refuses nonsense", () => {
    expect(parseEnv(valid)).toMatchObject({ CIRCUIT_OPEN_AFTER_SECONDS: 60, CIRCUIT_MIN_FAILURES: 10 });
    expect(parseEnv({ ...valid, CIRCUIT_OPEN_AFTER_SECONDS: "15", CIRCUIT_MIN_FAILURES: "" })).toMatchObject({ CIRCUIT_OPEN_AFTER_SECONDS: 15, CIRCUIT_MIN_FAILURES: 10 });
    expect(problems({ ...valid, CIRCUIT_OPEN_AFTER_SECONDS: "0", CIRCUIT_MIN_FAILURES: "2.5" })).toEqual([
      "CIRCUIT_OPEN_AFTER_SECONDS must be a whole number of seconds from 1 to 86400",
      "CIRCUIT_MIN_FAILURES must be a whole number of failed attempts from 1 to 100000",
    ]);
    expect(problems({ ...valid, CIRCUIT_OPEN_AFTER_SECONDS: "a minute" })).toEqual(["CIRCUIT_OPEN_AFTER_SECONDS must be a whole number of seconds from 1 to 86400"]);
  });

  it("parses TRUST_PROXY strictly", () => {
    expect(parseEnv({ ...valid, TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
    expect(problems({ ...valid, TRUST_PROXY: "yes" })).toEqual(['TRUST_PROXY must be "true" or "false"']);
  });

  it("bounds slow requests by default, and refuses limits Node cannot use", () => {
    expect(parseEnv(valid)).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 15_000, HTTP_REQUEST_TIMEOUT_MS: 60_000, INGEST_BODY_TIMEOUT_MS: 30_000, MAX_CONNECTIONS: 1000 });
    expect(parseEnv({ ...valid, INGEST_BODY_TIMEOUT_MS: "5000", MAX_CONNECTIONS: "" })).toMatchObject({ INGEST_BODY_TIMEOUT_MS: 5000, MAX_CONNECTIONS: 1000 });
    expect(problems({ ...valid, HTTP_HEADERS_TIMEOUT_MS: "10s", INGEST_BODY_TIMEOUT_MS: "0", MAX_CONNECTIONS: "-1" })).toEqual([
      "HTTP_HEADERS_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000",
      "INGEST_BODY_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000",
      "MAX_CONNECTIONS must be a whole number of connections from 1 to 1000000",
    ]);
    expect(problems({ ...valid, HTTP_HEADERS_TIMEOUT_MS: "90000" })).toEqual(["HTTP_HEADERS_TIMEOUT_MS must not be more than HTTP_REQUEST_TIMEOUT_MS (60000)"]);
  });
  it("takes the OIDC issuer, client id and secret together, provisioning domains only with them", () => {
    const oidc = { ...valid, OIDC_ISSUER: "https://login.example.com/realms/acme", OIDC_CLIENT_ID: "switchyard", OIDC_CLIENT_SECRET: "s3cret" };
    expect(parseEnv(valid).OIDC_ISSUER).toBeUndefined();
    expect(parseEnv(valid)).toMatchObject({ OIDC_NAME: "single sign-on", OIDC_AUTO_PROVISION_DOMAINS: [], OIDC_DEFAULT_ROLE: "viewer" });
    expect(parseEnv({ ...oidc, OIDC_NAME: "Okta", OIDC_AUTO_PROVISION_DOMAINS: " Example.com, eu.example.com ,", OIDC_DEFAULT_ROLE: "operator" })).toMatchObject({
      OIDC_NAME: "Okta",
      OIDC_AUTO_PROVISION_DOMAINS: ["example.com", "eu.example.com"],
      OIDC_DEFAULT_ROLE: "operator",
    });
    expect(problems({ ...oidc, OIDC_CLIENT_SECRET: "" })).toEqual([expect.stringMatching(/^OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together/)]);
    expect(problems({ ...valid, OIDC_AUTO_PROVISION_DOMAINS: "example.com" })).toEqual([expect.stringMatching(/^OIDC_AUTO_PROVISION_DOMAINS needs single sign-on configured/)]);
    expect(problems({ ...oidc, OIDC_ISSUER: "login.example.com", OIDC_AUTO_PROVISION_DOMAINS: "example.com,@bad,x", OIDC_DEFAULT_ROLE: "root" })).toEqual([
      "OIDC_ISSUER must be the provider's issuer URL, like https://login.example.com/realms/acme",
      "OIDC_AUTO_PROVISION_DOMAINS must be a comma-separated list of e-mail domains, like example.com,eu.example.com (not @bad, x)",
      "OIDC_DEFAULT_ROLE must be viewer, operator or admin",
    ]);
  });
});
