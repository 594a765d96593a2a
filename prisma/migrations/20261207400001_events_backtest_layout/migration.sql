-- Keep each event's parsed payload inline and uncompressed in the heap row, so reading JSON paths
-- from it (backtests, the whole-chain backtest, routing) costs no decompression: over 100,000
-- support-desk payloads of ~1.5 KB, extracting six paths took ~2,900 ms from pglz-compressed
-- payloads (~1,350 ms decompressing each once) and ~300 ms from uncompressed ones (bench:backtest).
-- lz4 TOAST compression would be the lighter change, but the embedded PostgreSQL build has no lz4
-- ("compression method lz4 not supported").
--
-- MAIN: the payload is compressed, or moved out of line, only as the last resort: the raw body
-- (EXTENDED) is compressed and moved out first. toast_tuple_target 8160: a row is not toasted at
-- all below ~8 KB (the default starts at ~2 KB). The cost is space: rows up to ~8 KB are stored
-- uncompressed (~1.6x the table size for those payloads).
--
-- Neither setting rewrites the table: rows written before this migration keep their compressed
-- payloads until they are rewritten (they still read correctly, only slower); new events get the
-- new layout. A rewrite that copies rows (VACUUM FULL, CLUSTER) keeps compressed values as they
-- are; an UPDATE that writes the payload anew (payload = payload::text::jsonb) stores it the new way.
ALTER TABLE "events" ALTER COLUMN "payload" SET STORAGE MAIN;
ALTER TABLE "events" SET (toast_tuple_target = 8160);
-- A source's events newest first, now with id: backtests find their window from the index alone
-- (an index-only scan: ~0.1 s instead of ~0.7 s over 100,000 wide rows). Building it takes a lock
-- that holds back ingest for as long as the build takes on a large table (seconds per million events).
-- DropIndex
DROP INDEX "events_source_id_received_at_idx";

-- CreateIndex
CREATE INDEX "events_source_id_received_at_id_idx" ON "events"("source_id", "received_at" DESC, "id" DESC);
