// Parses a body as JSON when its content type says JSON. Anything else is kept raw only.
export type ParsedPayload = { payload: unknown; parseError: string | null };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b|^text\/json\b/i;

export function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && JSON_TYPE.test(contentType.trim());
}

export function parsePayload(body: Buffer, contentType: string | null): ParsedPayload {
  if (!isJsonContentType(contentType)) return { payload: null, parseError: null };
  try {
    return { payload: JSON.parse(body.toString("utf8")) as unknown, parseError: null };
  } catch (error) {
    return { payload: null, parseError: error instanceof Error ? error.message : "Body is not valid JSON" };
  }
}
