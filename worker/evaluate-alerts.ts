// evaluate-alerts: every minute, every alert rule against the database (lib/alerts/evaluate-alerts.ts,
// which logs what fired and resolved). A database error fails the job; the next minute's run tries again.
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import type { JobPayload } from "@/lib/queue";

export async function handleEvaluateAlerts(_payload: JobPayload<"evaluate-alerts">): Promise<void> {
  await evaluateAlerts();
}
