-- Delivery attempts keep no value of a destination's custom headers (they are often credentials,
-- whatever their names): from now on lib/pipeline/dispatch/recorded-headers.ts replaces each one
-- before the row is written. Attempts recorded before kept the values of custom headers whose
-- names did not look like credentials (X-Auth, X-Api…): replace every value but those Switchyard
-- sets itself. (A custom header that replaced user-agent or content-type cannot be told apart
-- from ours in an old row; those two are kept.)
UPDATE delivery_attempts
SET request_headers = (
  SELECT jsonb_object_agg(
    header.key,
    CASE WHEN lower(header.key) IN ('user-agent', 'content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature')
         THEN header.value ELSE to_jsonb('[redacted]'::text) END)
  FROM jsonb_each(request_headers) AS header
)
WHERE jsonb_typeof(request_headers) = 'object'
  AND EXISTS (
    SELECT 1 FROM jsonb_each(request_headers) AS header
    WHERE lower(header.key) NOT IN ('user-agent', 'content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature')
      AND header.value <> to_jsonb('[redacted]'::text)
  );
