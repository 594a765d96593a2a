// Reads the New channel form into ChannelCreateInput: the kind decides whether the URL (and "allow
// private network") or the recipients (one per line, or separated by commas) are read.
import { ChannelCreateInput, MAX_RECIPIENTS } from "@/lib/alerts/schema";
import { addIssues, formFailure, type FormReading } from "@/lib/forms/form-result";

export type ChannelFormField = "kind" | "name" | "url" | "recipients" | "form";

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function readChannelForm({ form }: { form: FormData }): FormReading<ChannelCreateInput, ChannelFormField> {
  const kind = text(form, "kind");
  // One more than allowed is enough for the schema to say "at most"; a pasted novel is not split further.
  const recipients = text(form, "recipients").split(/[\s,;]+/).filter(Boolean).slice(0, MAX_RECIPIENTS + 1);
  const candidate =
    kind === "email"
      ? { kind, name: text(form, "name"), recipients }
      : { kind, name: text(form, "name"), url: text(form, "url"), allowPrivateNetwork: form.get("allowPrivateNetwork") === "on" };
  const parsed = ChannelCreateInput.safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  return formFailure<ChannelFormField>(
    addIssues<ChannelFormField>({}, parsed.error, (issue) => {
      const field = String(issue.path[0] ?? "form");
      return { field: (["kind", "name", "url", "recipients"].includes(field) ? field : "form") as ChannelFormField, message: issue.message };
    }),
  );
}
