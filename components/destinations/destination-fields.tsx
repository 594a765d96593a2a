"use client";

import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { RevealHeadersResult, UrlCheckResult } from "@/lib/destinations/action-results";
import { HIDDEN_HEADER_VALUE } from "@/lib/destinations/hidden-header-value";
import { describeDrainPace, drainPace } from "@/lib/destinations/resume-drain";
import type { FieldErrors } from "@/lib/forms/form-result";

export interface DestinationFormValues {
  name: string;
  url: string;
  headers: Array<{ name: string; value: string }>;
  timeoutSeconds: number;
  /** As typed: "5s, 5m, 30m". */
  retrySchedule: string;
  maxConcurrency: number;
  /** "" for no limit. */
  rateLimitPerSecond: string;
  allowPrivateNetwork: boolean;
  /** The ordering key template; "" for unordered. */
  orderingKey: string;
}

export type CheckDestinationUrl = (url: string, allowPrivateNetwork: boolean) => Promise<UrlCheckResult>;

type HeaderRow = { key: number; name: string; value: string };

/** The URL with a live check (syntax, DNS and address policy, on the server) as the operator types. */
function UrlField({ value, onChange, allowPrivateNetwork, error, checkUrl }: { value: string; onChange: (url: string) => void; allowPrivateNetwork: boolean; error?: string; checkUrl: CheckDestinationUrl }) {
  const [check, setCheck] = useState<{ for: string; result: UrlCheckResult } | null>(null);
  const [checking, setChecking] = useState(false);
  const subject = `${allowPrivateNetwork ? "private" : "public"}:${value.trim()}`;

  useEffect(() => {
    const trimmed = value.trim();
    if (!/^https?:\/\/[^/]+/i.test(trimmed)) return;
    let current = true;
    const timer = setTimeout(() => {
      setChecking(true);
      checkUrl(trimmed, allowPrivateNetwork)
        .then((result) => {
          if (current) setCheck({ for: `${allowPrivateNetwork ? "private" : "public"}:${trimmed}`, result });
        })
        .catch(() => undefined)
        .finally(() => {
          if (current) setChecking(false);
        });
    }, 600);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, allowPrivateNetwork, checkUrl]);

  function checkNow() {
    const trimmed = value.trim();
    if (trimmed === "") return;
    setChecking(true);
    checkUrl(trimmed, allowPrivateNetwork)
      .then((result) => setCheck({ for: subject, result }))
      .catch(() => undefined)
      .finally(() => setChecking(false));
  }

  const result = check?.for === subject ? check.result : null;
  return (
    <div className="space-y-2">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <Field
            label="URL"
            name="url"
            type="url"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            placeholder="https://example.com/webhooks"
            error={error}
            hint="Where events are POSTed. http or https; put credentials in a header, not in the URL."
            required
            maxLength={2048}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <Button variant="secondary" onClick={checkNow} disabled={checking || value.trim() === ""} className="shrink-0 sm:mb-5">
          {checking ? "Checking…" : "Check URL"}
        </Button>
      </div>
      {/* A refusal already shown as the field's error is not repeated. */}
      {result && !(error && !result.ok) ? (
        <p role="status" data-testid="url-check" className={`text-xs ${result.ok ? "text-emerald-700" : "text-amber-800"}`}>
          {result.ok ? "✓ " : "⚠ "}
          {result.message}
          {result.blockedAsPrivate ? " To deliver to it (e.g. a service on your own network), check “Allow private network” below." : ""}
          {!result.ok && result.refused ? " It cannot be saved like this: every attempt would be refused." : ""}
        </p>
      ) : null}
    </div>
  );
}

function HeaderRows({ initial, error, revealHeaders }: { initial: DestinationFormValues["headers"]; error?: string; revealHeaders?: () => Promise<RevealHeadersResult> }) {
  const [rows, setRows] = useState<HeaderRow[]>(() => initial.map((row, index) => ({ key: index, ...row })));
  const [nextKey, setNextKey] = useState(initial.length);
  const [revealing, startReveal] = useTransition();
  const [revealError, setRevealError] = useState<string | null>(null);
  function update(key: number, change: Partial<HeaderRow>) {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }
  const anyHidden = rows.some((row) => row.value === HIDDEN_HEADER_VALUE);
  function reveal() {
    if (!revealHeaders) return;
    startReveal(async () => {
      const result = await revealHeaders();
      if (!result.ok) {
        setRevealError(result.message);
        return;
      }
      setRevealError(null);
      const byName = new Map(Object.entries(result.headers).map(([name, value]) => [name.toLowerCase(), value]));
      setRows((current) => current.map((row) => (row.value === HIDDEN_HEADER_VALUE ? { ...row, value: byName.get(row.name.toLowerCase()) ?? row.value } : row)));
    });
  }
  return (
    <fieldset className="space-y-2" aria-describedby={error ? "headers-error" : "headers-hint"}>
      <legend className="text-sm font-medium text-slate-700">Custom headers</legend>
      <p id="headers-hint" className="text-xs text-slate-500">
        Sent with every request, e.g. Authorization for the receiver. Switchyard sets Content-Type and the webhook-* signature headers itself.
        {anyHidden ? " Saved values are hidden (they are often credentials, and delivery logs never keep them): leave one as it is to keep it, or type a new one." : ""}
      </p>
      {rows.length > 0 ? (
        <ul className="space-y-2">
          {rows.map((row, index) => (
            <li key={row.key} className="flex flex-col gap-2 sm:flex-row sm:items-center" data-testid="header-row">
              <input
                name="headerName"
                aria-label={`Header ${index + 1} name`}
                value={row.name}
                onChange={(event) => update(row.key, { name: event.target.value })}
                placeholder="Authorization"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={error ? true : undefined}
                className="block w-full rounded-md border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:w-64"
              />
              <input
                name="headerValue"
                aria-label={`Header ${index + 1} value`}
                value={row.value}
                onChange={(event) => update(row.key, { value: event.target.value })}
                placeholder="Bearer …"
                autoComplete="off"
                spellCheck={false}
                className="block w-full flex-1 rounded-md border-0 px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
              />
              <Button variant="ghost" onClick={() => setRows((current) => current.filter((candidate) => candidate.key !== row.key))} aria-label={`Remove header ${index + 1}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id="headers-error" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
      {revealError ? <p className="text-xs text-red-600">{revealError}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            setRows((current) => [...current, { key: nextKey, name: "", value: "" }]);
            setNextKey(nextKey + 1);
          }}
        >
          Add header
        </Button>
        {anyHidden && revealHeaders ? (
          <Button variant="ghost" onClick={reveal} disabled={revealing}>
            {revealing ? "Revealing…" : "Reveal values (recorded in the audit log)"}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Every setting of a destination, for the create form and the settings form alike. */
export function DestinationFields({
  values,
  defaultRetrySchedule,
  errors,
  checkUrl,
  revealHeaders,
}: {
  values: DestinationFormValues;
  /** The default schedule, formatted, for the hint. */
  defaultRetrySchedule: string;
  errors: FieldErrors;
  checkUrl: CheckDestinationUrl;
  /** Shows the saved header values (audited); only for a saved destination. */
  revealHeaders?: () => Promise<RevealHeadersResult>;
}) {
  const [url, setUrl] = useState(values.url);
  const [allowPrivate, setAllowPrivate] = useState(values.allowPrivateNetwork);
  return (
    <div className="space-y-6">
      <div className="max-w-xl">
        <Field label="Name" name="name" defaultValue={values.name} placeholder="e.g. Billing service" error={errors.name} required maxLength={100} autoComplete="off" />
      </div>
      <div className="max-w-3xl">
        <UrlField value={url} onChange={setUrl} allowPrivateNetwork={allowPrivate} error={errors.url} checkUrl={checkUrl} />
      </div>
      <div className="max-w-3xl">
        <HeaderRows initial={values.headers} error={errors.headers} revealHeaders={revealHeaders} />
      </div>
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <Field
          label="Timeout (seconds)"
          name="timeoutSeconds"
          type="number"
          min={1}
          max={60}
          step={1}
          defaultValue={values.timeoutSeconds}
          error={errors.timeoutSeconds}
          hint="How long one attempt may take, 1 to 60 seconds."
        />
        <Field
          label="Max concurrency"
          name="maxConcurrency"
          type="number"
          min={1}
          max={100}
          step={1}
          defaultValue={values.maxConcurrency}
          error={errors.maxConcurrency}
          hint="Requests in flight to this URL at once, 1 to 100."
        />
        <Field
          label="Retry schedule"
          name="retrySchedule"
          defaultValue={values.retrySchedule}
          error={errors.retrySchedule}
          hint={`Delays before each retry after a failed attempt, e.g. 5s, 5m, 30m, 2h (up to 24h each, 20 retries). Empty: no retries. Default: ${defaultRetrySchedule}.`}
          autoComplete="off"
          spellCheck={false}
        />
        <Field
          label="Rate limit (requests per second)"
          name="rateLimitPerSecond"
          type="number"
          min={1}
          max={1000}
          step={1}
          defaultValue={values.rateLimitPerSecond}
          error={errors.rateLimitPerSecond}
          placeholder="No limit"
          hint={`Empty for no limit. Also how fast waiting deliveries are sent after a resume or once a failing endpoint recovers (without a limit: ${describeDrainPace(drainPace(null))}).`}
        />
      </div>
      <div className="max-w-3xl">
        <Field
          label="Ordering key (optional)"
          name="orderingKey"
          defaultValue={values.orderingKey}
          error={errors.orderingKey}
          placeholder="e.g. {{ticket.id}}"
          hint="Deliveries with the same key are sent one at a time, in the order their events were received; different keys flow in parallel. A template over the event like a summary: {{ticket.id}}, {{data.object.customer}}, {{headers.x-shop-domain}}. An event where it renders empty is sent unordered. A key whose delivery fails waits for it (and, once it has failed for good, until you retry or skip it); other keys are not held up. Empty: no ordering."
          autoComplete="off"
          spellCheck={false}
          maxLength={300}
        />
      </div>
      <div className="max-w-3xl space-y-2">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input
            type="checkbox"
            name="allowPrivateNetwork"
            checked={allowPrivate}
            onChange={(event) => setAllowPrivate(event.target.checked)}
            className="h-4 w-4 accent-indigo-600"
          />
          Allow private network
        </label>
        {errors.allowPrivateNetwork ? <p className="text-xs text-red-600">{errors.allowPrivateNetwork}</p> : null}
        {allowPrivate ? (
          <Alert tone="warning">
            This destination may reach private and loopback addresses (10.0.0.0/8, 192.168.0.0/16, 127.0.0.1, …): services inside your network that are not meant to be reachable from outside. Link-local addresses and cloud metadata services stay out of reach. Only an administrator can allow it, and the decision is recorded in the audit log.
          </Alert>
        ) : (
          <p className="text-xs text-slate-500">Off: only public addresses are delivered to, so a destination cannot be used to reach services inside your network.</p>
        )}
      </div>
    </div>
  );
}
