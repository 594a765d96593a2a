// A destination the outbound address policy will refuse on every attempt (a loopback or private
// address without "Allow private network", a cloud metadata address, …) is not saved: creating it
// would show it "active" while nothing can ever be delivered. The same check as the form's live
// check (checkDestinationUrl); attempts still check again at connect time, since DNS can change.
// A name that does not resolve (yet) is saved: that may be temporary, and the live check warns.
import { checkDestinationUrl } from "@/lib/destinations/check-destination-url";

export class DestinationUrlRefusedError extends Error {
  override readonly name = "DestinationUrlRefusedError";
  constructor(
    message: string,
    /** The refused address, e.g. 127.0.0.1. */
    readonly address: string | undefined,
  ) {
    super(message);
  }
}

export async function refuseUnreachableUrl({ url, allowPrivateNetwork }: { url: string; allowPrivateNetwork: boolean }): Promise<void> {
  const result = await checkDestinationUrl({ url, allowPrivateNetwork });
  if (result.ok || result.kind !== "blocked_address") return;
  // Would the destination's own switch open it? (A metadata address, say, stays refused.)
  const openedBySwitch = !allowPrivateNetwork && (await checkDestinationUrl({ url, allowPrivateNetwork: true })).ok;
  const hint = openedBySwitch
    ? "Every attempt would be refused. To deliver to a service on your own network, turn on “Allow private network”."
    : "No setting of this destination can open it.";
  // The policy's first sentence says what the address is; its advice about the instance
  // configuration is replaced by what this destination can do.
  const reason = result.message.split(/(?<=\.)\s/)[0] ?? result.message;
  throw new DestinationUrlRefusedError(`Not saved: ${reason.replace(/\.$/, "")}. ${hint}`, result.address);
}
