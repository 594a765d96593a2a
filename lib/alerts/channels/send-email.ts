// Alert e-mail through the instance's SMTP server (lib/mail/mail-transport.ts).
import { env } from "@/lib/env";
import { closeMailTransport, mailTransport } from "@/lib/mail/mail-transport";
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { NotificationError } from "@/lib/alerts/channels/notification-error";

/** Whether an error from the SMTP conversation is the recipient's or the message's (5xx), not the moment's. */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  return (typeof responseCode === "number" && responseCode >= 500) || code === "EENVELOPE";
}

export async function sendEmail({ recipients, message }: { recipients: readonly string[]; message: AlertMessage }): Promise<void> {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) throw new NotificationError("E-mail cannot be sent: SMTP_URL is not configured on this Switchyard instance.", true);
  try {
    await mailTransport(SMTP_URL).sendMail({
      from: SMTP_FROM,
      to: [...recipients],
      subject: message.title,
      text: `${message.text}\n\n${message.url}\n`,
      headers: { "X-Switchyard-Alert": message.kind },
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    throw new NotificationError(`The SMTP server did not take the message: ${text}`, isPermanent(error));
  }
}

/** Closes the pooled SMTP connection (process shutdown, tests). */
export function closeMailer(): void {
  closeMailTransport();
}
