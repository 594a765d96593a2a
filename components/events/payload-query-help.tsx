// How to write a payload query (lib/events/payload-query.ts), under the query field.
const EXAMPLES: Array<[string, string]> = [
  ["data.customer.email = ada@example.com", "a field equals a value"],
  ["data.priority in (high, urgent)", "either of several values"],
  ['data.subject = "Printer on fire" and data.priority = high', "several conditions, all must hold"],
  ["data.items.sku = A-100", "any element of an array"],
  ["data.items.0.sku = A-100", "the first element only"],
  ['data.custom_fields."360001" = web', "quote names with dots, spaces or digits only"],
];

export function PayloadQueryHelp() {
  return (
    <details className="mt-1 text-xs text-slate-600">
      <summary className="cursor-pointer select-none text-indigo-700 hover:underline">
        How to write a payload query
      </summary>
      <div className="mt-2 space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200">
        <p>
          A path from the top of the event&apos;s JSON body, then <code className="font-mono">=</code> and a value, or{" "}
          <code className="font-mono">in</code> and a list in brackets. Join conditions with{" "}
          <code className="font-mono">and</code>. Names and text are matched exactly (case matters).
        </p>
        <ul className="space-y-1">
          {EXAMPLES.map(([query, meaning]) => (
            <li key={query}>
              <code className="font-mono text-slate-900">{query}</code>{" "}
              <span className="text-slate-500">— {meaning}</span>
            </li>
          ))}
        </ul>
        <p>
          <strong className="font-medium text-slate-800">Types:</strong> a bare number,{" "}
          <code className="font-mono">true</code>, <code className="font-mono">false</code> or{" "}
          <code className="font-mono">null</code> matches that JSON value and the same text in a string (
          <code className="font-mono">data.level = 1</code> finds <code className="font-mono">1</code> and{" "}
          <code className="font-mono">&quot;1&quot;</code>). A value in quotes matches text only (
          <code className="font-mono">data.level = &quot;1&quot;</code>). Quote values with spaces or commas; write{" "}
          <code className="font-mono">\&quot;</code> for a quote inside quotes.
        </p>
      </div>
    </details>
  );
}
