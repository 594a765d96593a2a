import type { SchemeDescriptor } from "@/lib/sources/describe-schemes";

/** Where to paste the URL and secret in the sender, and the headers it will send. */
export function SetupHelp({ scheme, headers = scheme.setupHelp.headers }: { scheme: SchemeDescriptor; headers?: string[] }) {
  const { steps } = scheme.setupHelp;
  return (
    <div className="grid gap-6 md:grid-cols-3">
      <ol className="space-y-3 md:col-span-2">
        {steps.map((step, index) => (
          <li key={step} className="flex gap-3 text-sm text-slate-700">
            <span aria-hidden="true" className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-200">
              {index + 1}
            </span>
            <span className="pt-0.5">
              <span className="sr-only">Step {index + 1}: </span>
              {step}
            </span>
          </li>
        ))}
      </ol>
      <div>
        <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Headers {scheme.verifies ? scheme.label : "the sender"} sends</h3>
        {headers.length > 0 ? (
          <ul className="mt-2 space-y-1.5">
            {headers.map((header) => (
              <li key={header}>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{header}</code>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-slate-600">None are checked: any request to the URL is accepted.</p>
        )}
      </div>
    </div>
  );
}
