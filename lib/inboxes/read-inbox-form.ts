// The New inbox form's fields, parsed with the API's own schema.
import { InboxCreateInput } from "@/lib/inboxes/schema";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export function readInboxForm(form: FormData): { ok: true; input: InboxCreateInput } | { ok: false; message: string } {
  const number = (name: string) => {
    const value = text(form, name).trim();
    return value === "" ? undefined : Number(value);
  };
  const parsed = InboxCreateInput.safeParse({ name: text(form, "name"), leaseSeconds: number("leaseSeconds"), maxAttempts: number("maxAttempts"), orderingKey: text(form, "orderingKey") });
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "form"}: ${issue.message}`).join("; ") };
  return { ok: true, input: parsed.data };
}
