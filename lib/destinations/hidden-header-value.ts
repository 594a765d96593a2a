// How a custom header's value is shown (API, views): values are often credentials. U+2022 cannot be
// in a header value, so the mask is never a real value: sent back in an update it means "keep the
// stored value of this header", so a client may send back what it read. A module of its own, with
// no imports, so the destination form (a client component) can use it without pulling schema.ts's
// server dependencies (signature code and Node polyfills) into the browser.
export const HIDDEN_HEADER_VALUE = "••••••••";
