// How every list, picker and title names an event: its summary (./summary-template.ts), else its
// provider type, else a plain word. Client-safe. Summaries are shown by React as text, never markup.
export function eventName(event: { summary: string | null; eventType: string | null }): string {
  return event.summary ?? event.eventType ?? "Unnamed event";
}
