// The inbox domain's refusals; lib/api/domain-errors.ts maps them to API error codes.
export class InboxNotFoundError extends Error {
  override readonly name = "InboxNotFoundError";
  constructor() {
    super("No inbox has this id.");
  }
}

export class InboxTokenNotFoundError extends Error {
  override readonly name = "InboxTokenNotFoundError";
  constructor() {
    super("This inbox has no token with this id.");
  }
}
