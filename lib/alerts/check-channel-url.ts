// Refuses a channel URL that can never be sent to: not http(s), credentials in it, or an address the
// outbound policy blocks (private, loopback, metadata…) unless the channel may reach private
// networks. A name that does not resolve now is accepted: DNS can change, and every send checks again.
import { ChannelSettingsError } from "@/lib/alerts/channel-settings-error";
import { env } from "@/lib/env";
import { checkUrl, type HostLookup } from "@/lib/net/guarded-request";

export async function checkChannelUrl({ url, allowPrivateNetwork, lookup }: { url: string; allowPrivateNetwork: boolean; lookup?: HostLookup }): Promise<void> {
  const checked = await checkUrl({ url, allowPrivateNetwork, allowCidrs: env().OUTBOUND_ALLOW_CIDRS, timeoutMs: 3000, ...(lookup ? { lookup } : {}) });
  if (checked.ok || (checked.kind !== "invalid_url" && checked.kind !== "blocked_address")) return;
  const hint = checked.kind === "blocked_address" && !allowPrivateNetwork ? " Tick “allow private network” if this is an internal server." : "";
  const sentence = checked.message.endsWith(".") ? checked.message : `${checked.message}.`;
  throw new ChannelSettingsError("url", `${sentence}${hint}`);
}
