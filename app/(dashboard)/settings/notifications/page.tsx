// Settings → Notifications: where alerts are sent (Slack-compatible webhooks, signed webhooks,
// e-mail), each with a test button; and a form to add one.
import type { Metadata } from "next";
import Link from "next/link";
import { ChannelTable } from "@/components/alerts/channel-table";
import { CreateChannelForm } from "@/components/alerts/create-channel-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listChannels } from "@/lib/alerts/list-channels";
import { env } from "@/lib/env";
import { createChannelAction, deleteChannelAction, setChannelEnabledAction, testChannelAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const channels = await listChannels();
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            Where Switchyard tells you that something needs attention: a destination failing, a source gone quiet, a queue backing up. Every alert goes to every channel that is on, once when it fires, again while it holds (as often as its rule says) and once when it is resolved. Choose what alerts under{" "}
            <Link href="/settings/alerts" className="text-indigo-700 hover:underline">
              Alert rules
            </Link>
            ; see what fired under{" "}
            <Link href="/alerts" className="text-indigo-700 hover:underline">
              Alerts
            </Link>
            .
          </>
        }
      />
      <Card title="Channels">
        {channels.length === 0 ? (
          <EmptyState title="No channels yet">Alerts are still recorded in the history, but nobody is told. Add a channel below.</EmptyState>
        ) : (
          <ChannelTable channels={channels} test={testChannelAction} setEnabled={setChannelEnabledAction} remove={deleteChannelAction} />
        )}
      </Card>
      <Card title="Add a channel" className="mt-6">
        <CreateChannelForm action={createChannelAction} smtpConfigured={Boolean(env().SMTP_URL)} />
      </Card>
    </>
  );
}
