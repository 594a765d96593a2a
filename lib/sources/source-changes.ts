// An in-process notice that a source or one of its secrets changed, given by the functions that
// change them once their transaction has committed. Caches of sources in this process (the
// receiver's, lib/pipeline/ingest/load-ingest-source.ts) drop what they hold at once; other
// processes hear of it through the database's NOTIFY (migration 20261204080000_ingest_hot_path).
type Listener = (sourceId: string) => void;

const globalForChanges = globalThis as unknown as { switchyardSourceListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  globalForChanges.switchyardSourceListeners ??= new Set();
  return globalForChanges.switchyardSourceListeners;
}

/** Calls `listener` with the id of every source changed in this process from now on; returns the unsubscribe. */
export function onSourceChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

export function sourceChanged(sourceId: string): void {
  for (const listener of listeners()) listener(sourceId);
}
