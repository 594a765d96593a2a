-- The receiver's hot path (lib/pipeline/ingest): fewer notifications per stored event, and a
-- notification when a source changes, for the receivers' source caches.

-- Live views (lib/live): a stored event was announced by a row trigger, one NOTIFY per row. The
-- receiver now stores concurrent webhooks in one statement (group commit), so inserts are announced
-- per statement: one message per source that received events, naming the newest of them. A page
-- listing events refreshes on it; a page showing one event watches its updates, which stay per row.
DROP TRIGGER events_live ON "events";

CREATE TRIGGER events_live AFTER UPDATE OF status, duplicate_count, tags, routing ON "events"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_event();

CREATE FUNCTION switchyard_notify_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  received record;
BEGIN
  FOR received IN SELECT source_id, (array_agg(id ORDER BY id DESC))[1] AS id FROM inserted GROUP BY source_id LOOP
    PERFORM pg_notify('switchyard_live', json_build_object(
      'kind', 'event', 'id', received.id, 'sourceId', received.source_id, 'status', 'received')::text);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER events_live_inserted AFTER INSERT ON "events" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION switchyard_notify_events_inserted();

-- Receivers cache sources for a few seconds; a change to a source or its secrets tells every
-- process to look again at once.
CREATE FUNCTION switchyard_notify_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_live', json_build_object('kind', 'source', 'id', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
  RETURN NULL;
END $$;

CREATE FUNCTION switchyard_notify_source_secret() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchyard_live', json_build_object('kind', 'source', 'id', CASE WHEN TG_OP = 'DELETE' THEN OLD.source_id ELSE NEW.source_id END)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER sources_live AFTER INSERT OR UPDATE OR DELETE ON "sources"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_source();

CREATE TRIGGER source_secrets_live AFTER INSERT OR UPDATE OR DELETE ON "source_secrets"
  FOR EACH ROW EXECUTE FUNCTION switchyard_notify_source_secret();
