// Whether the session cookies are Secure and carry the __Secure-/__Host- prefixes: exactly when
// APP_URL, the address browsers use, is https. Decided here from APP_URL alone, for next-auth's
// options and for the session gate (proxy.ts) alike, so the two always agree on the cookie's name
// whatever entry point started the process (npm start, npm run web, npm run dev) and whatever
// NEXTAUTH_URL says. A TLS-terminating load balancer in front of plain http is the usual case: the
// browser sees https, so the cookies must be Secure even though this process never sees TLS.
import { env } from "@/lib/env";

export function secureCookies({ appUrl = env().APP_URL }: { appUrl?: string } = {}): boolean {
  return new URL(appUrl).protocol === "https:";
}
