"use client";
// Keeps a server-rendered page current: when a change it watches is announced on /api/stream, the
// page is refreshed in place (router.refresh(): server components re-render, client state and
// scroll stay). Several on one page share one stream and one refresh schedule. With `toggle`, a
// "Live updates" button pauses refreshing; paused, it counts the changed rows instead. With
// `catchUp`, the page also refreshes once when the server starts listening, for a view that a
// change announced between its render and that moment would leave stale for good (a bulk
// operation's last batch, an event routed just after its page rendered).
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { liveConnection, subscribeConnection, subscribeStream, type LiveConnection } from "@/components/live/live-stream";
import { RefreshScheduler, type Refresher } from "@/components/live/refresh-scheduler";
import { ScriptButton } from "@/components/ui/script-button";
import { watchedRows, type LiveWatch } from "@/lib/live/live-message";

const scheduler = new RefreshScheduler({
  minIntervalMs: 500,
  giveUpMs: 15_000,
  canRun: () => document.visibilityState !== "hidden",
});
if (typeof document !== "undefined") document.addEventListener("visibilitychange", () => scheduler.pump());

// Which instance shows "Reconnecting…", so a page with several shows it once: the first with a
// toggle, else the first mounted.
const indicators: Array<{ id: string; toggle: boolean }> = [];
const indicatorListeners = new Set<() => void>();
function claimIndicator(id: string, toggle: boolean): () => void {
  indicators.push({ id, toggle });
  indicatorListeners.forEach((listener) => listener());
  return () => {
    const index = indicators.findIndex((entry) => entry.id === id);
    if (index >= 0) indicators.splice(index, 1);
    indicatorListeners.forEach((listener) => listener());
  };
}
function indicatorOwner(): string | null {
  return (indicators.find((entry) => entry.toggle) ?? indicators[0])?.id ?? null;
}
function subscribeIndicator(listener: () => void): () => void {
  indicatorListeners.add(listener);
  return () => indicatorListeners.delete(listener);
}

export function LiveRefresh({ watch, toggle = false, catchUp = false }: { watch: LiveWatch[]; toggle?: boolean; catchUp?: boolean }) {
  const router = useRouter();
  const id = useId();
  const [isPending, startTransition] = useTransition();
  const [live, setLive] = useState(true);
  const [missedCount, setMissedCount] = useState(0);
  const liveRef = useRef(true);
  const missed = useRef(new Set<string>());
  const stale = useRef(false);
  const refreshing = useRef(false);
  const connection = useSyncExternalStore<LiveConnection>(subscribeConnection, liveConnection, () => "connecting");
  const showsIndicator = useSyncExternalStore(subscribeIndicator, () => indicatorOwner() === id, () => false);

  // One object per instance for the scheduler; run() always uses the current router.
  const refresher = useRef<Refresher | null>(null);
  const routerRef = useRef(router);
  useEffect(() => {
    routerRef.current = router;
  }, [router]);
  useEffect(() => {
    const current: Refresher = {
      run: () => {
        refreshing.current = true;
        startTransition(() => routerRef.current.refresh());
      },
    };
    refresher.current = current;
    return () => scheduler.forget(current);
  }, []);
  useEffect(() => {
    if (isPending || !refreshing.current || !refresher.current) return;
    refreshing.current = false;
    scheduler.done(refresher.current);
  }, [isPending]);

  useEffect(() => claimIndicator(id, toggle), [id, toggle]);

  // The watch list is usually a fresh array literal each render: subscribe by its content.
  const watchKey = JSON.stringify(watch);
  useEffect(() => {
    const watches = JSON.parse(watchKey) as LiveWatch[];
    const changed = (rowKeys: string[]) => {
      if (liveRef.current) {
        if (refresher.current) scheduler.request(refresher.current);
        return;
      }
      stale.current = true;
      for (const rowKey of rowKeys) missed.current.add(rowKey);
      setMissedCount(missed.current.size);
    };
    return subscribeStream({
      message(message) {
        const rows = watches.flatMap((entry) => watchedRows(message, entry));
        if (rows.length > 0) changed(rows);
      },
      resync: () => changed([]),
      ...(catchUp ? { ready: () => changed([]) } : {}),
    });
  }, [watchKey, catchUp]);

  const setLiveState = (next: boolean) => {
    liveRef.current = next;
    setLive(next);
    // Paused means the page stays as it is: a refresh still waiting its turn is dropped.
    if (!next && refresher.current) scheduler.cancel(refresher.current);
    if (next && stale.current && refresher.current) scheduler.request(refresher.current);
    if (next) {
      stale.current = false;
      missed.current.clear();
      setMissedCount(0);
    }
  };

  const reconnecting = connection === "reconnecting" && showsIndicator ? (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs font-medium text-amber-700">
      <span aria-hidden className="size-2 rounded-full bg-amber-500" />
      Reconnecting…
    </span>
  ) : null;

  if (!toggle) return reconnecting;
  return (
    <div className="flex flex-wrap items-center gap-3">
      {reconnecting}
      {!live && missedCount > 0 ? (
        <ScriptButton
          onClick={() => setLiveState(true)}
          className="rounded-full bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {missedCount === 1 ? "1 new update" : `${missedCount.toLocaleString("en")} new updates`}
        </ScriptButton>
      ) : null}
      <ScriptButton
        aria-pressed={live}
        aria-label="Live updates"
        title={live ? "Showing changes as they happen; click to pause" : "Paused; click to show changes as they happen"}
        onClick={() => setLiveState(!live)}
        className="inline-flex items-center gap-2 rounded-md bg-white px-2.5 py-1.5 text-xs font-medium text-slate-700 shadow-xs ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        <span aria-hidden className="relative flex size-2">
          {live && connection === "open" ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-75" /> : null}
          <span className={`relative inline-flex size-2 rounded-full ${live ? (connection === "open" ? "bg-emerald-500" : "bg-slate-400") : "bg-slate-300"}`} />
        </span>
        {live ? "Live" : "Paused"}
      </ScriptButton>
    </div>
  );
}
