"use client";
// The deliveries an operator retried on this page, followed until their retry's attempt has an
// outcome. Each is read from GET /api/v1/deliveries/{id} (with the page's session) whenever the
// live stream announces a change to it, and once when the stream starts listening (a change made
// before then would otherwise be missed). A list filtered on "failed" no longer contains a retried
// row after the page refreshes; the latest read keeps it on screen, in its place, with its outcome.
import { useCallback, useEffect, useRef, useState } from "react";
import { subscribeStream } from "@/components/live/live-stream";
import type { RetryWaitsFor } from "@/lib/deliveries/action-results";
import type { DeliveryListItem } from "@/lib/deliveries/list-deliveries";
import { DeliveryView } from "@/lib/deliveries/schema";

export interface RetriedDelivery {
  /** The delivery as last read (or as the list showed it when retried). */
  delivery: DeliveryListItem;
  lastAttempt: { number: number; responseStatus: number | null; errorMessage: string | null } | null;
  awaitingAttempt: number;
  waitsFor: RetryWaitsFor;
}

function fromView(view: DeliveryView): Pick<RetriedDelivery, "delivery" | "lastAttempt"> {
  const { lastAttempt, ...item } = view;
  return {
    delivery: {
      ...item,
      nextAttemptAt: item.nextAttemptAt ? new Date(item.nextAttemptAt) : null,
      createdAt: new Date(item.createdAt),
      updatedAt: new Date(item.updatedAt),
    },
    lastAttempt: lastAttempt ? { number: lastAttempt.number, responseStatus: lastAttempt.responseStatus, errorMessage: lastAttempt.errorMessage } : null,
  };
}

export function useRetriedDeliveries() {
  const [retried, setRetried] = useState<ReadonlyMap<string, RetriedDelivery>>(new Map());
  const ids = useRef(new Set<string>());
  const [readError, setReadError] = useState<string | null>(null);

  const read = useCallback(async (id: string) => {
    try {
      const response = await fetch(`/api/v1/deliveries/${id}`, { headers: { accept: "application/json" }, cache: "no-store" });
      if (response.status === 404) {
        // Deleted meanwhile (its destination or event is gone): stop following it.
        ids.current.delete(id);
        setRetried((current) => new Map([...current].filter(([key]) => key !== id)));
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = DeliveryView.safeParse(((await response.json()) as { data?: unknown }).data);
      if (!parsed.success) throw new Error("unexpected answer");
      const read = fromView(parsed.data);
      setReadError(null);
      setRetried((current) => {
        const entry = current.get(id);
        if (!entry) return current;
        return new Map(current).set(id, { ...entry, ...read });
      });
    } catch {
      setReadError("Could not read a retried delivery's outcome; it shows once the connection is back.");
    }
  }, []);

  // One subscription for all of them; a read per announced change of a followed delivery.
  const following = retried.size > 0;
  useEffect(() => {
    if (!following) return;
    const readAll = () => ids.current.forEach((id) => void read(id));
    return subscribeStream({
      message(message) {
        if (message.kind === "delivery") for (const id of message.ids) if (ids.current.has(id)) void read(id);
      },
      resync: readAll,
      ready: readAll,
    });
  }, [following, read]);

  const track = useCallback(
    (delivery: DeliveryListItem, retry: { awaitingAttempt: number; waitsFor: RetryWaitsFor }) => {
      ids.current.add(delivery.id);
      setRetried((current) => new Map(current).set(delivery.id, { delivery, lastAttempt: null, ...retry }));
      // The stream may already be listening (its ready has passed): read once now as well.
      void read(delivery.id);
    },
    [read],
  );

  const dismiss = useCallback((id: string) => {
    ids.current.delete(id);
    setRetried((current) => new Map([...current].filter(([key]) => key !== id)));
  }, []);

  return { retried, track, dismiss, readError };
}
