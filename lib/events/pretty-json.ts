// Indents JSON text as it was written: keys keep their order (JSON.parse would move integer-like
// keys first), numbers keep their spelling (1.0, 1e3, 12345678901234567890), strings their escapes,
// duplicate keys stay. Only whitespace between tokens changes. Pure and client-safe.

/** The text indented by `indent` spaces, or null when it is not valid JSON. */
export function prettyJsonText(text: string, indent = 2): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  // Valid JSON from here: only strings can hold structural characters, so it is enough to copy
  // strings through whole and re-space everything else.
  const pad = (depth: number) => `\n${" ".repeat(depth * indent)}`;
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      out.push(text.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    i++;
    if (char === " " || char === "\t" || char === "\n" || char === "\r") continue;
    if (char === "{" || char === "[") {
      // An empty object or array stays on one line: {} and [].
      let next = i;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      if (text[next] === (char === "{" ? "}" : "]")) {
        out.push(char, text[next]!);
        i = next + 1;
        continue;
      }
      depth++;
      out.push(char, pad(depth));
    } else if (char === "}" || char === "]") {
      depth--;
      out.push(pad(depth), char);
    } else if (char === ",") out.push(",", pad(depth));
    else if (char === ":") out.push(": ");
    else out.push(char);
  }
  return out.join("");
}
