"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/select-field";
import { TextareaField } from "@/components/ui/textarea-field";
import type { FieldErrors } from "@/lib/forms/form-result";
import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

export interface AdvancedValues {
  toleranceSeconds: number;
  dedupeStrategy: "provider" | "header" | "json_path" | "off";
  dedupeField: string | null;
  bodyLimitBytes: number;
  ipAllowlist: string[];
}

export const DEFAULT_ADVANCED: AdvancedValues = {
  toleranceSeconds: 300,
  dedupeStrategy: "provider",
  dedupeField: null,
  bodyLimitBytes: 1024 * 1024,
  ipAllowlist: [],
};

const MB = 1024 * 1024;

function tolerance(seconds: number): { value: string; unit: "seconds" | "minutes" } {
  return seconds >= 60 && seconds % 60 === 0 ? { value: String(seconds / 60), unit: "minutes" } : { value: String(seconds), unit: "seconds" };
}

function bodyLimit(bytes: number): { value: string; unit: "KB" | "MB" } {
  return bytes % MB === 0 ? { value: String(bytes / MB), unit: "MB" } : { value: String(Math.round((bytes / 1024) * 100) / 100), unit: "KB" };
}

/** A number with a unit select beside it, sharing one label. */
function NumberWithUnit({
  label,
  name,
  unitName,
  value,
  unit,
  units,
  hint,
  error,
  step,
}: {
  label: string;
  name: string;
  unitName: string;
  value: string;
  unit: string;
  units: string[];
  hint: string;
  error?: string;
  step?: string;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={name}
          name={name}
          type="number"
          min={0}
          step={step ?? "any"}
          defaultValue={value}
          inputMode="decimal"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${name}-error` : `${name}-hint`}
          className={`block w-full min-w-0 flex-1 rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-inset focus:ring-indigo-600 ${error ? "ring-red-400" : "ring-slate-300"}`}
        />
        <select
          name={unitName}
          aria-label={`${label}: unit`}
          defaultValue={unit}
          className="rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
        >
          {units.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p id={`${name}-error`} className="text-xs text-red-600">
          {error}
        </p>
      ) : (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

/** Replay window, duplicate detection, body size limit and IP allowlist. */
export function AdvancedSettingsFields({
  scheme,
  values,
  errors,
}: {
  scheme: SchemeDescriptor;
  values: AdvancedValues;
  errors: FieldErrors;
}) {
  const [strategy, setStrategy] = useState<string>(values.dedupeStrategy);
  const replayWindow = tolerance(values.toleranceSeconds);
  const limit = bodyLimit(values.bodyLimitBytes);
  const providerChoice = scheme.providerDedupe ? `Provider's delivery id (${scheme.providerDedupe})` : "Provider's delivery id (none for this scheme)";
  const dedupeHint =
    strategy === "provider"
      ? scheme.providerDedupe
        ? `A second delivery with the same ${scheme.providerDedupe.replace(/^the /, "")} is answered 200 but not stored again.`
        : `${scheme.verifies ? `${scheme.label} has` : "Unverified senders have"} no standard delivery id, so nothing is detected as a duplicate. Choose a header or JSON field instead if the sender sends one.`
      : strategy === "off"
        ? "Every delivery is stored, including the provider's retries of one it already sent."
        : "Deliveries with a value seen before are answered 200 but not stored again.";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {scheme.usesTimestamp ? (
        <NumberWithUnit
          label="Timestamp tolerance"
          name="toleranceValue"
          unitName="toleranceUnit"
          value={replayWindow.value}
          unit={replayWindow.unit}
          units={["seconds", "minutes"]}
          hint={`How far the signed timestamp may be from this server's clock before a request is refused as a replay (default 5 minutes, at most 24 hours).${scheme.timestampNote ? ` ${scheme.timestampNote}` : ""}`}
          error={errors.toleranceValue}
        />
      ) : (
        <div className="space-y-1">
          <p className="text-sm font-medium text-slate-700">Timestamp tolerance</p>
          <p className="text-xs text-slate-500">
            {scheme.verifies
              ? `${scheme.label} signs no timestamp, so there is no replay window: duplicate detection catches resent deliveries.`
              : "Nothing is signed, so there is no replay window."}
          </p>
        </div>
      )}
      <NumberWithUnit
        label="Body size limit"
        name="bodyLimitValue"
        unitName="bodyLimitUnit"
        value={limit.value}
        unit={limit.unit}
        units={["KB", "MB"]}
        hint="Larger requests are refused with 413 before they are read in full (1 KB to 20 MB)."
        error={errors.bodyLimitValue}
      />
      <div className="space-y-4 sm:col-span-2 sm:grid sm:grid-cols-2 sm:gap-4 sm:space-y-0">
        <SelectField
          label="Duplicate detection"
          name="dedupeStrategy"
          value={strategy}
          onChange={(event) => setStrategy(event.target.value)}
          options={[
            { value: "provider", label: providerChoice },
            { value: "header", label: "A header's value" },
            { value: "json_path", label: "A field in the JSON body" },
            { value: "off", label: "Off: store every delivery" },
          ]}
          hint={dedupeHint}
          error={errors.dedupeStrategy}
        />
        {strategy === "header" || strategy === "json_path" ? (
          <div className="[&_input]:font-mono">
            <Field
              key={strategy}
              label={strategy === "header" ? "Delivery id header" : "Delivery id JSON path"}
              name="dedupeField"
              defaultValue={values.dedupeStrategy === strategy ? (values.dedupeField ?? "") : ""}
              placeholder={strategy === "header" ? "x-delivery-id" : "data.id"}
              hint={strategy === "header" ? "The header that carries a unique id per delivery." : "Dots between keys, [0] for array items, e.g. data.id or events[0].id."}
              error={errors.dedupeField}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
        ) : null}
      </div>
      <div className="sm:col-span-2">
        <TextareaField
          label="IP allowlist"
          name="ipAllowlist"
          rows={3}
          defaultValue={values.ipAllowlist.join("\n")}
          placeholder={"192.0.2.0/24\n2001:db8::/32"}
          hint="One address or CIDR block per line. Requests from other addresses are refused with 403. Empty: any address may post."
          error={errors.ipAllowlist}
          spellCheck={false}
          className="font-mono"
        />
      </div>
    </div>
  );
}
