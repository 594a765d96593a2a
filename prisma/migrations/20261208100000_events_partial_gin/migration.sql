-- The tags and routing-fields GIN indexes only hold events that have any. Most events have neither
-- (no rule tagged them or set a field), yet each such event cost both indexes an "empty item" entry
-- twice: once when it was stored and again when routing rewrote the row (that UPDATE is never HOT:
-- status is indexed). At 1,000 events/s that was 4 of the 6 GIN entries written per event. Filters
-- still use them: a tag or routing-field filter can only match a non-empty value, and the filter's
-- SQL says so (lib/events/event-filter-sql.ts, lib/events/condition-filter.ts), which is what lets
-- the planner choose a partial index. Prisma's schema cannot declare a partial index; schema.prisma
-- names these in a comment instead.
--
-- Rebuilding them takes a lock that holds back ingest for as long as the build takes on a large
-- table (the events with tags or fields only: seconds per million of those).
DROP INDEX "events_tags_idx";
CREATE INDEX "events_tags_idx" ON "events" USING GIN ("tags") WHERE "tags" <> '{}'::text[];

DROP INDEX "events_routing_idx";
CREATE INDEX "events_routing_idx" ON "events" USING GIN ("routing" jsonb_path_ops) WHERE "routing" <> '{}'::jsonb;
