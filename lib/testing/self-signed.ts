// A self-signed certificate for localhost and 127.0.0.1, made on the spot (selfsigned, pure JS: no
// openssl needed), for the tests that serve HTTPS. Clients in those tests trust exactly this
// certificate (`ca`) rather than turning verification off.
import { randomBytes, X509Certificate } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import selfsigned from "selfsigned";

export interface TestCertificate {
  cert: string;
  key: string;
  /** SHA-256 fingerprint as TLS peers report it (AA:BB:…). */
  fingerprint256: string;
}

/** Each certificate has a subject of its own (a client trusting several tells them apart by it); its names are in subjectAltName. */
export async function makeCertificate({ commonName = `Switchyard test ${randomBytes(4).toString("hex")}` }: { commonName?: string } = {}): Promise<TestCertificate> {
  const pems = await selfsigned.generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint256: new X509Certificate(pems.cert).fingerprint256 };
}

/** Writes cert.pem and key.pem into `dir` the way renewal tools do: each file written aside, then renamed into place. */
export async function installCertificate(dir: string, { cert, key }: { cert: string; key: string }): Promise<{ certFile: string; keyFile: string }> {
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  await writeFile(`${keyFile}.new`, key, { mode: 0o600 });
  await writeFile(`${certFile}.new`, cert);
  await rename(`${keyFile}.new`, keyFile);
  await rename(`${certFile}.new`, certFile);
  return { certFile, keyFile };
}
