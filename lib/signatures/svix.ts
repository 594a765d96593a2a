// Svix: the Standard Webhooks algorithm under svix-id / svix-timestamp / svix-signature. Like the
// official svix library, the unbranded webhook-* names are accepted too (Svix can send either).
import { makeStandardWebhooksScheme, STANDARD_WEBHOOKS_HEADERS } from "./standard-webhooks";

export {
  standardWebhooksOptionsSchema as svixOptionsSchema,
  type StandardWebhooksOptions as SvixOptions,
} from "./standard-webhooks";

export const svix = makeStandardWebhooksScheme({
  id: "svix",
  label: "Svix",
  families: [{ id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" }, STANDARD_WEBHOOKS_HEADERS],
  secretOrigin: "provider",
  secretHint:
    "Services that send through Svix (Clerk, Resend and others) show a whsec_… signing secret on the endpoint's page; paste it as shown.",
  setupHelp: {
    headers: ["svix-id", "svix-timestamp", "svix-signature"],
    steps: [
      "In the sending service's webhook settings (or its Svix app portal), add an endpoint and paste this source's URL.",
      "Open the endpoint, reveal the Signing Secret (whsec_…) and paste it here.",
      "After rotating the secret, the old one keeps signing for a while: keep both here as active secrets until the old one expires.",
    ],
  },
  samplePayload: () => ({
    type: "user.created",
    object: "event",
    timestamp: 1718000000000,
    data: {
      id: "user_2hSampleUser",
      object: "user",
      first_name: "Jane",
      last_name: "Doe",
      email_addresses: [{ id: "idn_2hSampleEmail", email_address: "jane@example.com" }],
      created_at: 1718000000000,
    },
  }),
});
