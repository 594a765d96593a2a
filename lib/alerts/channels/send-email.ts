// E-mail through the instance's SMTP server (SMTP_URL, from the operator's configuration, so it is
// not SSRF-guarded like channel URLs). One transport per process, pooled.
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { AlertMessage } from "@/lib/alerts/alert-message";
import { NotificationError } from "@/lib/alerts/channels/notification-error";

const globalForMail = globalThis as unknown as { switchyardMailer?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  const cached = globalForMail.switchyardMailer;
  if (cached?.url === url) return cached.transport;
  cached?.transport.close();
  const created = nodemailer.createTransport(url, {});
  // Bounded, so a silent server fails a job rather than holding it until pg-boss expires it.
  Object.assign(created.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  globalForMail.switchyardMailer = { url, transport: created };
  return created;
}

/** Whether an error from the SMTP conversation is the recipient's or the message's (5xx), not the moment's. */
function isPermanent(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  return (typeof responseCode === "number" && responseCode >= 500) || code === "EENVELOPE";
}

export async function sendEmail({ recipients, message }: { recipients: readonly string[]; message: AlertMessage }): Promise<void> {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) throw new NotificationError("E-mail cannot be sent: SMTP_URL is not configured on this Switchyard instance.", true);
  try {
    await transport(SMTP_URL).sendMail({
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
  globalForMail.switchyardMailer?.transport.close();
  globalForMail.switchyardMailer = undefined;
}
