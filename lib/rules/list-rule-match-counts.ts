// How often each of a source's rules matched received events in the last hour, day and week, for
// the rules list. Read from rule_match_counts (5-minute buckets that routing's batch write adds
// to), so it costs one index range per rule, however many events there are. A bucket counts when
// it starts inside the period: "last hour" covers the last 55–60 minutes.
import { isUuid } from "@/lib/ids";
import { pool } from "@/lib/db";

export interface RuleMatchCounts {
  hour: number;
  day: number;
  week: number;
}

/** Rule id → counts; a rule that matched nothing in the week is absent. */
export async function listRuleMatchCounts({ sourceId }: { sourceId: string }): Promise<Record<string, RuleMatchCounts>> {
  if (!isUuid(sourceId)) return {};
  const { rows } = await pool().query<{ rule_id: string; hour: number; day: number; week: number }>(
    `SELECT c.rule_id,
            coalesce(sum(c.matches) FILTER (WHERE c.bucket >= now() - interval '1 hour'), 0)::int AS hour,
            coalesce(sum(c.matches) FILTER (WHERE c.bucket >= now() - interval '1 day'), 0)::int AS day,
            sum(c.matches)::int AS week
       FROM rules r JOIN rule_match_counts c ON c.rule_id = r.id AND c.bucket >= now() - interval '7 days'
      WHERE r.source_id = $1::uuid
      GROUP BY c.rule_id`,
    [sourceId],
  );
  return Object.fromEntries(rows.map((row) => [row.rule_id, { hour: row.hour, day: row.day, week: row.week }]));
}
