// A timestamp shown relative ("3 min ago") with the exact time on hover. Rendered on the server in
// UTC so the markup does not depend on the viewer's clock.
export function TimeAgo({ date, now = new Date() }: { date: Date; now?: Date }) {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const text =
    seconds < 5 ? "just now" :
    seconds < 60 ? `${seconds} s ago` :
    seconds < 3600 ? `${Math.floor(seconds / 60)} min ago` :
    seconds < 86400 ? `${Math.floor(seconds / 3600)} h ago` :
    date.toISOString().slice(0, 10);
  return (
    <time dateTime={date.toISOString()} title={date.toISOString().replace("T", " ").replace("Z", " UTC")}>
      {text}
    </time>
  );
}
