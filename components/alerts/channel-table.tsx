import { ChannelRowActions } from "@/components/alerts/channel-row-actions";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import type { ChannelActionResult } from "@/lib/alerts/action-results";
import type { ChannelView } from "@/lib/alerts/schema";

const KIND_LABELS = { slack: "Slack", webhook: "Signed webhook", email: "E-mail" } as const;

/** The channels, each with what it last sent and its buttons. */
export function ChannelTable({
  channels,
  test,
  setEnabled,
  remove,
}: {
  channels: ChannelView[];
  test: (id: string) => Promise<ChannelActionResult>;
  setEnabled: (id: string, enabled: boolean) => Promise<ChannelActionResult>;
  remove: (id: string) => Promise<ChannelActionResult>;
}) {
  return (
    <Table
      bodyTestId="channels"
      flat
      head={
        <>
          <Th>Channel</Th>
          <Th>Sends to</Th>
          <Th>Last&nbsp;alert</Th>
          <Th align="right">Actions</Th>
        </>
      }
    >
      {channels.map((channel) => (
        <tr key={channel.id} className="align-top">
          <Td>
            <div className="font-medium text-slate-900">{channel.name}</div>
            <div className="mt-1 flex gap-1 whitespace-nowrap">
              <Badge tone="blue">{KIND_LABELS[channel.kind]}</Badge>
              {channel.enabled ? <Badge tone="green">on</Badge> : <Badge>off</Badge>}
            </div>
          </Td>
          <Td className="max-w-56 break-all font-mono text-xs text-slate-700">{channel.hint}</Td>
          <Td className="text-xs text-slate-600">
            {channel.lastNotification ? (
              <>
                {channel.lastNotification.status === "sent" ? <Badge tone="green">sent</Badge> : channel.lastNotification.status === "failed" ? <Badge tone="red">failed</Badge> : <Badge tone="amber">sending</Badge>}{" "}
                <TimeAgo date={new Date(channel.lastNotification.at)} />
                {channel.lastNotification.error ? <div className="mt-1 text-red-700">{channel.lastNotification.error}</div> : null}
              </>
            ) : (
              "None yet"
            )}
          </Td>
          <Td>
            <ChannelRowActions id={channel.id} name={channel.name} enabled={channel.enabled} test={test} setEnabled={setEnabled} remove={remove} />
          </Td>
        </tr>
      ))}
    </Table>
  );
}
