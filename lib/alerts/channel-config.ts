// A channel's secret settings, sealed at rest: the Slack or webhook URL (a Slack incoming-webhook
// URL is itself the credential) and the webhook channel's signing secret. Only `hint` is shown.
import { z } from "zod";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { readStoredJson } from "@/lib/db-json";

const SealedConfig = z.object({ url: z.string(), signingSecret: z.string().optional() });
export type ChannelSecrets = z.infer<typeof SealedConfig>;

export function sealChannelConfig(config: ChannelSecrets): string {
  return encryptSecret(JSON.stringify(config));
}

export function openChannelConfig(sealed: string, channelId: string): ChannelSecrets {
  return readStoredJson(SealedConfig, JSON.parse(decryptSecret(sealed)), `notification_channels.sealed_config of channel ${channelId}`);
}

/** "https://hooks.slack.com/…/x4Qa": scheme and host, and the last 4 characters of the rest. */
export function maskUrl(url: string): string {
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return rest.length <= 1 ? `${parsed.protocol}//${parsed.host}` : `${parsed.protocol}//${parsed.host}/…${rest.slice(-4)}`;
}
