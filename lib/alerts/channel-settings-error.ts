// A channel setting that the schema cannot judge alone: a URL whose address is refused, recipients
// on a webhook channel. /api/v1 answers it as invalid_request on `field`; forms show it under it.
export class ChannelSettingsError extends Error {
  override readonly name = "ChannelSettingsError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
