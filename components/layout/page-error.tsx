"use client";
// What a dashboard page shows when it could not be rendered, most often because the database is
// restarting: what that means for incoming webhooks, a retry button, and a few automatic retries
// (the outage usually lasts seconds) so a page left open comes back by itself.
import { useRouter } from "next/navigation";
import { startTransition, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

const RETRY_SECONDS = 5;
const AUTOMATIC_RETRIES = 12;

export function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  const [secondsLeft, setSecondsLeft] = useState(RETRY_SECONDS);
  const [retries, setRetries] = useState(0);
  const retry = () => {
    setRetries((count) => count + 1);
    setSecondsLeft(RETRY_SECONDS);
    startTransition(() => {
      router.refresh();
      reset();
    });
  };
  useEffect(() => {
    if (retries >= AUTOMATIC_RETRIES) return;
    const timer = setTimeout(() => (secondsLeft <= 1 ? retry() : setSecondsLeft(secondsLeft - 1)), 1000);
    return () => clearTimeout(timer);
  });

  return (
    <Card title="This page could not be loaded">
      <div className="space-y-3 text-sm text-slate-700">
        <p>
          Switchyard could not read what this page shows. This usually means its database is restarting or unreachable for a
          moment. Incoming webhooks are then answered <code className="font-mono text-xs">503</code> with{" "}
          <code className="font-mono text-xs">Retry-After</code>, so providers send them again, and nothing already received is lost.
        </p>
        <div className="flex items-center gap-3">
          <Button onClick={retry}>Try again</Button>
          <span className="text-xs text-slate-500" aria-live="polite">
            {retries < AUTOMATIC_RETRIES ? `Trying again in ${secondsLeft} s…` : "Stopped retrying automatically."}
          </span>
        </div>
        {error.digest ? (
          <p className="text-xs text-slate-500">
            Reference for the server log: <code className="font-mono">{error.digest}</code>
          </p>
        ) : null}
      </div>
    </Card>
  );
}
