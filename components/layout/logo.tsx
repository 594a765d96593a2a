export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-base font-semibold text-slate-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-indigo-600" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 6h7l4 6h7M3 18h7l4-6" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="21" cy="12" r="1.5" fill="currentColor" />
      </svg>
      Switchyard
    </span>
  );
}
