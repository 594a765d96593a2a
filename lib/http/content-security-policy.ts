// The Content-Security-Policy of every response Next.js serves (proxy.ts sets it, with a fresh nonce
// per request). Strict: a script runs only if it carries this response's nonce, which Next.js puts
// on its own scripts when it finds the nonce in the request's policy ('strict-dynamic' then lets
// those scripts load the page's chunks); no plugins, no <base>, no framing, forms and connections
// to this origin only. Styles: the stylesheet files of this origin and nonced <style> elements; style
// ATTRIBUTES in server-rendered HTML (a progress bar's width, a dragged rule's transform) are
// allowed, as they cannot run script. In development React needs eval for its debugging aids.
export interface PolicyOptions {
  nonce: string;
  /** `next dev`: adds 'unsafe-eval'. */
  dev?: boolean;
  /** The public address is https (APP_URL): any http subresource is upgraded. */
  https?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false, https = false }: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable and new for every response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
