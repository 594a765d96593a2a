// A threshold the rule's kind does not have, or one out of its bounds: invalid_request on `path`.
export class AlertRuleSettingsError extends Error {
  override readonly name = "AlertRuleSettingsError";

  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}
