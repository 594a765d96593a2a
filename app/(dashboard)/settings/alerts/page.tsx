// Settings → Alert rules: the conditions the worker checks every minute, each explained, with its
// thresholds and repeat interval to edit.
import type { Metadata } from "next";
import Link from "next/link";
import { AlertRuleForm } from "@/components/alerts/alert-rule-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listAlertRules } from "@/lib/alerts/list-alert-rules";
import { RULE_KINDS } from "@/lib/alerts/rule-kinds";
import { saveAlertRuleAction } from "./actions";

export const metadata: Metadata = { title: "Alert rules" };

export default async function AlertRulesPage() {
  const rules = await listAlertRules();
  return (
    <>
      <PageHeader
        title="Alert rules"
        description={
          <>
            The worker checks these conditions every minute, for every destination, source and queue. When one starts to hold, an alert fires and is sent to your{" "}
            <Link href="/settings/notifications" className="text-indigo-700 hover:underline">
              notification channels
            </Link>
            ; while it holds it is repeated at most as often as you set; when it stops holding you get a “resolved” message. The defaults suit most teams.
          </>
        }
      />
      <div className="space-y-4">
        {rules.map((rule) => (
          <Card
            key={rule.id}
            title={
              <span className="flex items-center gap-2">
                {rule.title}
                {rule.firing > 0 ? (
                  <Link href="/alerts?status=firing">
                    <Badge tone="red">{rule.firing} firing</Badge>
                  </Link>
                ) : null}
                {rule.enabled ? null : <Badge>off</Badge>}
              </span>
            }
          >
            <p className="mb-3 max-w-3xl text-sm text-slate-600">{rule.description}</p>
            <AlertRuleForm kind={rule.kind} enabled={rule.enabled} params={rule.params} repeatMinutes={rule.repeatMinutes} fields={RULE_KINDS[rule.kind].fields} action={saveAlertRuleAction.bind(null, rule.id)} />
          </Card>
        ))}
      </div>
    </>
  );
}
