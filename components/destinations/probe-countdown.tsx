"use client";

import { useEffect, useState } from "react";
import { formatSeconds } from "@/lib/destinations/circuit-policy";

/**
 * "in 35 s", counting down each second to an open circuit's next probe, then "due now". Counted on
 * the server's clock (the page's render time), not the browser's, so a skewed browser clock does
 * not misstate the schedule. Give it `key={at}` so a new schedule starts a new countdown.
 */
export function ProbeCountdown({ at, now }: { at: string; now: string }) {
  const [remainingMs, setRemainingMs] = useState(() => Date.parse(at) - Date.parse(now));
  useEffect(() => {
    const serverMinusBrowser = Date.parse(now) - Date.now();
    const timer = setInterval(() => setRemainingMs(Date.parse(at) - (Date.now() + serverMinusBrowser)), 1000);
    return () => clearInterval(timer);
  }, [at, now]);
  const text = remainingMs > 500 ? `in ${formatSeconds(Math.ceil(remainingMs / 1000))}` : "due now";
  return (
    <time dateTime={at} title={at.replace("T", " ").replace("Z", " UTC")} className="tabular-nums" data-testid="next-probe">
      {text}
    </time>
  );
}
