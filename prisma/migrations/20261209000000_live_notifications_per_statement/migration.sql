-- Live views (lib/live): events' updates and deliveries' inserts and updates were announced by row
-- triggers, one NOTIFY per row: routing a batch of 100 events sent 200 or more, each built, queued
-- and parsed by every listening process. Now, as for events' inserts since 20261204080000, one
-- message per statement and per source (events) or destination (deliveries), naming the rows, in
-- chunks of 80 so that a payload stays under NOTIFY's 8000 bytes (80 ids and their 80 event ids,
-- 37 bytes each with quotes and commas, are under 6.5 KB). lib/live/live-message.ts reads them.
DROP TRIGGER events_live_inserted ON "events";
DROP TRIGGER events_live ON "events";
DROP TRIGGER deliveries_live ON "deliveries";
DROP FUNCTION switchyard_notify_events_inserted();
DROP FUNCTION switchyard_notify_event();
DROP FUNCTION switchyard_notify_delivery();

CREATE FUNCTION switchyard_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  chunk record;
BEGIN
  FOR chunk IN
    SELECT source_id, json_agg(id ORDER BY id) AS ids
    FROM (SELECT id, source_id, (row_number() OVER (PARTITION BY source_id ORDER BY id) - 1) / 80 AS part FROM changed) numbered
    GROUP BY source_id, part
  LOOP
    PERFORM pg_notify('switchyard_live', json_build_object('kind', 'event', 'sourceId', chunk.source_id, 'ids', chunk.ids)::text);
  END LOOP;
  RETURN NULL;
END $$;

-- An UPDATE trigger with a transition table cannot name columns, so any update of an event is
-- announced (routing's, a duplicate counted, tags, a summary written): each shows on its pages.
-- A statement that changes no row (the receiver's INSERT ... ON CONFLICT without a conflict)
-- sends nothing.
CREATE TRIGGER events_live_inserted AFTER INSERT ON "events" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_events();
CREATE TRIGGER events_live_updated AFTER UPDATE ON "events" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_events();

CREATE FUNCTION switchyard_notify_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  chunk record;
BEGIN
  FOR chunk IN
    SELECT destination_id, json_agg(id ORDER BY id) AS ids, json_agg(event_id ORDER BY id) AS event_ids
    FROM (SELECT id, event_id, destination_id, (row_number() OVER (PARTITION BY destination_id ORDER BY id) - 1) / 80 AS part FROM changed) numbered
    GROUP BY destination_id, part
  LOOP
    PERFORM pg_notify('switchyard_live', json_build_object(
      'kind', 'delivery', 'destinationId', chunk.destination_id, 'ids', chunk.ids, 'eventIds', chunk.event_ids)::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER deliveries_live_inserted AFTER INSERT ON "deliveries" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_deliveries();
CREATE TRIGGER deliveries_live_updated AFTER UPDATE ON "deliveries" REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_deliveries();
