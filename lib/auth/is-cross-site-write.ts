// A state-changing request that a browser says came from another site. Session cookies are
// SameSite=Lax, which already keeps them off cross-site POSTs; this also refuses a sibling subdomain
// ("same-site"), which Lax lets through. Clients other than browsers send no Sec-Fetch-Site.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SAME_ORIGIN = new Set(["same-origin", "none"]);

export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const site = request.headers.get("sec-fetch-site");
  return site !== null && !SAME_ORIGIN.has(site);
}
