// How sending a notification failed. `permanent`: sending again cannot help (a refused or malformed
// URL, a channel deleted, no SMTP server configured, an address the server rejects); otherwise the
// job is retried. Messages are for people and never contain the channel's URL.
export class NotificationError extends Error {
  override readonly name = "NotificationError";

  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
