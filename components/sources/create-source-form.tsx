"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { AdvancedSettingsFields, DEFAULT_ADVANCED } from "@/components/sources/advanced-settings-fields";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { SchemeOptionsFields } from "@/components/sources/scheme-options-fields";
import { SchemePicker } from "@/components/sources/scheme-picker";
import { SecretField, type CheckSecret } from "@/components/sources/secret-field";
import { putSourceFlash } from "@/components/sources/secret-flash";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { buttonClasses } from "@/components/ui/button-classes";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { ScriptForm } from "@/components/ui/script-form";
import type { CreateSourceResult, SourceFormFailure } from "@/lib/sources/action-results";
import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

const ADVANCED_FIELDS = ["toleranceValue", "bodyLimitValue", "dedupeStrategy", "dedupeField", "ipAllowlist"];

export function CreateSourceForm({
  schemes,
  createSource,
  checkSecret,
}: {
  schemes: SchemeDescriptor[];
  createSource: (form: FormData) => Promise<CreateSourceResult>;
  checkSecret: CheckSecret;
}) {
  const router = useRouter();
  const [schemeId, setSchemeId] = useState("none");
  const [failure, setFailure] = useState<SourceFormFailure | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, failure);
  const scheme = schemes.find((candidate) => candidate.id === schemeId) ?? schemes[schemes.length - 1];
  if (!scheme) return null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const outcome = await createSource(form);
      if (outcome.ok) {
        putSourceFlash(outcome.sourceId, { secret: outcome.secret, generated: outcome.generated });
        router.push(`/sources/${outcome.sourceId}`);
        return;
      }
      setFailure(outcome);
      if (ADVANCED_FIELDS.some((field) => outcome.fieldErrors[field])) setAdvancedOpen(true);
    });
  }

  const errors = failure?.fieldErrors ?? {};
  const errorCount = Object.keys(errors).length;
  return (
    <ScriptForm ref={formRef} onSubmit={onSubmit} className="space-y-6" noValidate>
      {failure?.message ? <Alert tone="error">{failure.message}</Alert> : null}
      {errorCount > 0 ? <Alert tone="error">Please correct the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.</Alert> : null}

      <Card title="Source">
        <div className="max-w-xl">
          <Field
            label="Name"
            name="name"
            placeholder="e.g. GitHub – payments repo"
            error={errors.name}
            hint="Who sends to this URL. You can rename it later."
            required
            maxLength={100}
            autoComplete="off"
          />
        </div>
      </Card>

      <Card title="Verification">
        <div className="space-y-6">
          <SchemePicker schemes={schemes} value={scheme.id} onChange={setSchemeId} error={errors.scheme} />
          {scheme.verifies ? null : (
            <Alert tone="warning">
              Requests to this source will not be verified: anyone who learns its URL can post events, and they are stored as unverified. Choose the sender above if it signs its webhooks.
            </Alert>
          )}
          {scheme.optionFields.length > 0 ? (
            <div className="border-t border-slate-200 pt-4">
              <h3 className="mb-3 text-sm font-semibold text-slate-900">{scheme.label} settings</h3>
              <SchemeOptionsFields key={scheme.id} scheme={scheme} values={scheme.defaults} errors={errors} />
            </div>
          ) : null}
          {scheme.verifies ? (
            <div className="max-w-2xl border-t border-slate-200 pt-4">
              {scheme.secretOrigin === "provider" ? (
                // The provider makes this secret, usually once it has the URL: pasted now or on the source page, never generated.
                <SecretField
                  key={scheme.id}
                  schemeId={scheme.id}
                  label={`Signing secret from ${scheme.label}`}
                  hint={`${scheme.secretHint} Don't have it yet? Leave it empty: create the source, give its URL to ${scheme.label}, then paste the secret it shows on the source page. Nothing is generated here: ${scheme.label} makes its own.`}
                  placeholder={`Paste ${scheme.label}'s secret, or leave empty to paste it later`}
                  error={errors.secret}
                  canOverride={failure?.secretWarning}
                  checkSecret={checkSecret}
                />
              ) : (
                <SecretField
                  key={scheme.id}
                  schemeId={scheme.id}
                  label={scheme.id === "api-key" ? "API key" : scheme.id === "basic-auth" ? "Credentials (user:password)" : "Signing secret"}
                  hint={`${scheme.secretHint} Or leave it empty to have one generated (only useful when the sender lets you set the secret).`}
                  error={errors.secret}
                  canOverride={failure?.secretWarning}
                  checkSecret={checkSecret}
                />
              )}
            </div>
          ) : null}
        </div>
      </Card>

      <details open={advancedOpen} onToggle={(event) => setAdvancedOpen(event.currentTarget.open)} className="group rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
        <summary className="flex cursor-pointer list-none items-center justify-between gap-4 px-4 py-3 text-sm font-semibold text-slate-900 [&::-webkit-details-marker]:hidden">
          <span>
            Advanced
            <span className="ml-2 font-normal text-slate-500">replay window, duplicates, size limit, IP allowlist</span>
          </span>
          <span aria-hidden="true" className="text-slate-400 transition-transform group-open:rotate-90">
            ›
          </span>
        </summary>
        <div className="border-t border-slate-200 p-4">
          <AdvancedSettingsFields scheme={scheme} values={DEFAULT_ADVANCED} errors={errors} />
        </div>
      </details>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create source"}
        </Button>
        <Link href="/sources" className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </ScriptForm>
  );
}
