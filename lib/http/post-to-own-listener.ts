// A request from this instance to its own listener (HOST:PORT, on loopback when it listens on every
// address), arriving as a provider's would: over plain HTTP, or over TLS when the web server speaks
// it (TLS_CERT_FILE/TLS_KEY_FILE). The certificate names the public host, not the loopback address,
// so over TLS it is checked by pinning rather than by name: the chain must verify (against the
// system's roots, or the file's own certificate when it is self-signed) and the certificate
// presented must be the one in TLS_CERT_FILE (in a renewal's few moments the two may differ: the
// request then fails, and a retry succeeds).
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { rootCertificates, type PeerCertificate } from "node:tls";
import { env } from "@/lib/env";

export interface OwnListenerAnswer {
  status: number;
  body: string;
}

export function postToOwnListener({ path, headers, body, timeoutMs }: { path: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<OwnListenerAnswer> {
  const { HOST, PORT, TLS_CERT_FILE } = env();
  const host = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  return new Promise((resolve, reject) => {
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    };
    const options = { host, port: PORT, path, method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: timeoutMs, agent: false } as const;
    const outgoing = TLS_CERT_FILE ? https.request({ ...options, ...pinnedTo(TLS_CERT_FILE) }, onResponse) : http.request(options, onResponse);
    outgoing.on("error", reject);
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.end(body);
  });
}

/** TLS options that accept exactly the certificate in `certFile` (its first PEM block), whatever name it is for. */
function pinnedTo(certFile: string): https.RequestOptions {
  const pem = readFileSync(certFile, "utf8");
  const expected = new X509Certificate(pem).fingerprint256;
  return {
    ca: [...rootCertificates, pem],
    checkServerIdentity: (_host: string, certificate: PeerCertificate) =>
      certificate.fingerprint256 === expected ? undefined : new Error(`the listener presented a certificate other than TLS_CERT_FILE's (${certificate.fingerprint256})`),
  };
}
