// A time as the UI prints it: "2026-11-23 14:37:13 UTC" (whole seconds; with `dropZeroSeconds`,
// "2026-11-23 14:37 UTC" when the seconds are zero, for times an operator typed).
export function utcDateTime(value: Date | string, { dropZeroSeconds = false }: { dropZeroSeconds?: boolean } = {}): string {
  const iso = typeof value === "string" ? value : value.toISOString();
  const text = iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
  return `${dropZeroSeconds ? text.replace(/(\d\d:\d\d):00$/, "$1") : text} UTC`;
}
