// Settings → Users (admin): who has an account, with role, status and last sign-in; invitations.
import type { Metadata } from "next";
import { InviteForm } from "@/components/users/invite-form";
import { RevokeInviteButton, UserRowActions } from "@/components/users/user-row-actions";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { utcDateTime } from "@/components/ui/utc-date-time";
import { PERMISSIONS, roleHasPermission } from "@/lib/access/permissions";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/access/roles";
import { requireUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { listInvites, listUsers } from "@/lib/users/list-users";
import { changeRoleAction, inviteUserAction, removeUserAction, revokeInviteAction, setUserDisabledAction, unlinkSsoAction } from "./actions";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requireUser();
  if (!roleHasPermission(me.role, "user.manage")) {
    return (
      <>
        <PageHeader title="Users" />
        <Alert tone="warning">{PERMISSIONS["user.manage"].refusal} Your role is {ROLE_LABELS[me.role].toLowerCase()}.</Alert>
      </>
    );
  }
  const [users, invites] = await Promise.all([listUsers(), listInvites()]);
  return (
    <>
      <PageHeader
        title="Users"
        description={
          <>
            {ROLES.map((role) => (
              <span key={role} className="mr-3 inline-block">
                <strong>{ROLE_LABELS[role]}</strong>: {ROLE_DESCRIPTIONS[role]}
              </span>
            ))}
          </>
        }
      />
      <Card title="People">
        <Table
          bodyTestId="users"
          head={
            <>
              <Th>User</Th>
              <Th>Status</Th>
              <Th>Last sign-in</Th>
              <Th align="right">Role and actions</Th>
            </>
          }
        >
          {users.map((user) => (
            <tr key={user.id} data-testid="user-row">
              <Td>
                <div className="font-medium text-slate-900">{user.name ?? user.email}</div>
                <div className="text-xs text-slate-500">
                  {user.email}
                  {user.id === me.id ? " (you)" : ""}
                  {user.hasPassword ? "" : " · single sign-on only"}
                  {user.ssoLinked ? " · linked to a single sign-on identity" : ""}
                </div>
              </Td>
              <Td>{user.status === "active" ? <Badge tone="green">Active</Badge> : <Badge tone="red">Disabled</Badge>}</Td>
              <Td>{user.lastSignInAt ? <TimeAgo date={new Date(user.lastSignInAt)} /> : <span className="text-slate-500">Never</span>}</Td>
              <Td className="text-right">
                <UserRowActions
                  user={user}
                  isSelf={user.id === me.id}
                  changeRole={changeRoleAction}
                  setDisabled={setUserDisabledAction}
                  unlinkSso={unlinkSsoAction}
                  remove={removeUserAction}
                />
              </Td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title="Invite someone" className="mt-6">
        <InviteForm action={inviteUserAction} smtpConfigured={Boolean(env().SMTP_URL)} />
      </Card>
      <Card title="Invitations" className="mt-6">
        {invites.length === 0 ? (
          <EmptyState title="No invitations waiting">Invite someone above; accepted invitations appear under People.</EmptyState>
        ) : (
          <Table
            bodyTestId="invites"
            head={
              <>
                <Th>Email</Th>
                <Th>Role</Th>
                <Th>Status</Th>
                <Th align="right"> </Th>
              </>
            }
          >
            {invites.map((invite) => (
              <tr key={invite.id}>
                <Td>{invite.email}</Td>
                <Td>{ROLE_LABELS[invite.role]}</Td>
                <Td>
                  {invite.status === "open" ? (
                    <span>Open until {utcDateTime(invite.expiresAt, { dropZeroSeconds: true })}</span>
                  ) : (
                    <Badge tone="gray">{invite.status === "expired" ? "Expired" : "Withdrawn"}</Badge>
                  )}
                </Td>
                <Td className="text-right">{invite.status === "open" ? <RevokeInviteButton id={invite.id} revoke={revokeInviteAction} /> : null}</Td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
