-- Event summaries (lib/summaries): each source names its events with a template; the routing
-- worker renders it into events.summary in the UPDATE that records the routing outcome, so the
-- receiver's hot path is untouched. Adding nullable columns rewrites no rows.

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "summary" TEXT,
ADD COLUMN     "summary_version" INTEGER;

-- AlterTable
ALTER TABLE "sources" ADD COLUMN     "summary_template" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "summary_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "summary_refreshed_version" INTEGER NOT NULL DEFAULT 1;

-- Existing sources start with their provider's preset (lib/summaries/presets.ts as of this
-- migration). Their events, stored before, have no summary_version: they are named on read until
-- the worker's refresh (started for every source whose summary_refreshed_version lags) names them.
UPDATE "sources" SET "summary_refreshed_version" = 0, "summary_template" = CASE "scheme"
  WHEN 'zendesk' THEN '#{{ticket.id | detail.id}} {{ticket.subject | detail.subject}} · {{ticket.priority | detail.priority}}'
  WHEN 'stripe' THEN '{{type}} {{data.object.id}}'
  WHEN 'github' THEN '{{X-GitHub-Event}} {{repository.full_name}}#{{issue.number | pull_request.number}}'
  WHEN 'shopify' THEN '{{X-Shopify-Topic}} {{name | title | email | id}}'
  WHEN 'slack' THEN '{{event.type | type}} {{event.channel}}: {{event.text}}'
  WHEN 'standard-webhooks' THEN '{{type}}'
  WHEN 'svix' THEN '{{type}}'
  ELSE '{{type | event_type | event | topic | action}}'
END;
