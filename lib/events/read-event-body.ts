// An event's stored body, byte for byte as the receiver got it, for the download (and its file name).
import { pool } from "@/lib/db";
import { isUuid } from "@/lib/ids";

export interface StoredEventBody {
  body: Buffer;
  contentType: string | null;
  /** `event-<id>.json`: the extension follows the content type it arrived with. */
  fileName: string;
}

const EXTENSIONS: Array<[RegExp, string]> = [
  [/[/+]json\b/i, "json"],
  [/[/+]xml\b/i, "xml"],
  [/^application\/x-www-form-urlencoded\b/i, "txt"],
  [/^text\/html\b/i, "html.txt"],
  [/^text\//i, "txt"],
];

export function bodyFileName(id: string, contentType: string | null): string {
  const extension = EXTENSIONS.find(([pattern]) => contentType !== null && pattern.test(contentType))?.[1] ?? "bin";
  return `event-${id}.${extension}`;
}

export async function readEventBody({ id }: { id: string }): Promise<StoredEventBody | null> {
  if (!isUuid(id)) return null;
  const { rows } = await pool().query<{ body: Buffer; content_type: string | null }>("SELECT body, content_type FROM events WHERE id = $1::uuid", [id]);
  const row = rows[0];
  return row ? { body: row.body, contentType: row.content_type, fileName: bodyFileName(id, row.content_type) } : null;
}
