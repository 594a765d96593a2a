// One pooled nodemailer transport per process for the instance's SMTP server (SMTP_URL, from the
// operator's configuration, so not SSRF-guarded like channel URLs): alert e-mails and invitations.
import nodemailer, { type Transporter } from "nodemailer";

const globalForMail = globalThis as unknown as { switchyardMailer?: { url: string; transport: Transporter } };

export function mailTransport(url: string): Transporter {
  const cached = globalForMail.switchyardMailer;
  if (cached?.url === url) return cached.transport;
  cached?.transport.close();
  const created = nodemailer.createTransport(url, {});
  // Bounded, so a silent server fails a job rather than holding it until pg-boss expires it.
  Object.assign(created.options, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  globalForMail.switchyardMailer = { url, transport: created };
  return created;
}

/** Closes the pooled SMTP connection (process shutdown, tests). */
export function closeMailTransport(): void {
  globalForMail.switchyardMailer?.transport.close();
  globalForMail.switchyardMailer = undefined;
}
