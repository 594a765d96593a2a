// The certificate and key the web server speaks TLS with (TLS_CERT_FILE, TLS_KEY_FILE), read at start
// and again whenever either file changes, so a renewed certificate (certbot, cert-manager, a mounted
// secret) is served without a restart. The folders holding the files are watched, not the files:
// renewal tools replace a file by renaming another onto it (or swap a symlink), which a watch on the
// old file would not see. A change is read once things settle; files that are not a usable pair (a
// renewal half-written, a key that does not match) are reported and the current pair stays.
import { createSecureContext } from "node:tls";
import { X509Certificate } from "node:crypto";
import { watch, type FSWatcher, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

/** A reload's outcome, as the web server reports it (its "tlsReload" event, and the log). */
export type TlsReload = { ok: true; subject: string; validTo: string; fingerprint256: string } | { ok: false; error: string };

const SETTLE_MS = 150;

export class TlsFilesError extends Error {
  override readonly name = "TlsFilesError";
}

/** Reads and checks the pair: both files readable, the certificate parses, the key is its key. */
export function readTlsFiles({ certFile, keyFile }: TlsFiles): TlsPair {
  let pair: TlsPair;
  try {
    pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } catch (error) {
    throw new TlsFilesError(`TLS_CERT_FILE (${certFile}) and TLS_KEY_FILE (${keyFile}) must be readable: ${messageOf(error)}`);
  }
  try {
    createSecureContext(pair);
  } catch (error) {
    throw new TlsFilesError(`TLS_CERT_FILE (${certFile}) and TLS_KEY_FILE (${keyFile}) must be a PEM certificate and its private key: ${messageOf(error)}`);
  }
  return pair;
}

/** What the log says of a certificate. */
export function describeCertificate(cert: Buffer): { subject: string; validTo: string; fingerprint256: string } {
  const x509 = new X509Certificate(cert);
  return { subject: x509.subject.replaceAll("\n", ", "), validTo: x509.validTo, fingerprint256: x509.fingerprint256 };
}

/**
 * Watches the files from `current` on: `apply` gets each new usable pair, `report` every outcome
 * (a pair identical to the last one read is no change). Returns the function that stops watching.
 */
export function watchTlsFiles(files: TlsFiles, { current, apply, report }: { current: TlsPair; apply: (pair: TlsPair) => void; report: (reload: TlsReload) => void }): () => void {
  let last = current;
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    let next: TlsPair;
    try {
      next = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
    } catch (error) {
      // Between a rename and the next, or gone for good: either way, nothing to serve yet.
      report({ ok: false, error: `could not read the TLS files: ${messageOf(error)}` });
      return;
    }
    if (next.cert.equals(last.cert) && next.key.equals(last.key)) return;
    last = next;
    try {
      createSecureContext(next);
      apply(next);
      report({ ok: true, ...describeCertificate(next.cert) });
    } catch (error) {
      report({ ok: false, error: `the TLS files are not a PEM certificate and its private key: ${messageOf(error)}` });
    }
  };
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, SETTLE_MS);
  };
  const folders = [...new Set([dirname(resolve(files.certFile)), dirname(resolve(files.keyFile))])];
  const watchers: FSWatcher[] = folders.map((folder) =>
    watch(folder, { persistent: false }, onChange).on("error", (error) => report({ ok: false, error: `stopped watching ${folder}: ${messageOf(error)}` })),
  );
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
