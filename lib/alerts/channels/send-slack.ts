// A Slack-compatible incoming webhook: `{ "text": … }` with Slack's mrkdwn (Mattermost, Rocket.Chat,
// Discord's /slack endpoint and others take the same body).
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { postJson } from "@/lib/alerts/channels/post-json";

const ICON = { firing: ":rotating_light:", repeat: ":warning:", resolved: ":white_check_mark:", test: ":wave:" } as const;

/** The body Slack receives (exported for tests and the docs). */
export function slackPayload(message: AlertMessage): { text: string } {
  const [first = "", ...rest] = message.text.split("\n");
  return { text: [`${ICON[message.kind]} *${message.title}*`, first, ...rest.slice(0, -1), `<${message.url}|Open in Switchyard>`].join("\n") };
}

export async function sendSlack({ url, allowPrivateNetwork, message }: { url: string; allowPrivateNetwork: boolean; message: AlertMessage }): Promise<void> {
  await postJson({ url, allowPrivateNetwork, body: Buffer.from(JSON.stringify(slackPayload(message))) });
}
