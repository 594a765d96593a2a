// The invitation link: the invited person chooses a name and password and joins with the role the
// admin chose. Public (the token is the proof); an expired, used or withdrawn link says so. With single
// sign-on configured they can join through it instead: an SSO sign-in with the invited e-mail takes
// the invite (lib/auth/sso-sign-in.ts).
import type { Metadata } from "next";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { AuthCard } from "@/components/auth/auth-card";
import { SsoButton } from "@/components/auth/sso-button";
import { Alert } from "@/components/ui/alert";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/access/roles";
import { ssoName } from "@/lib/auth/oidc-provider";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/schema";
import { findInvite, inviteProblemMessage } from "@/lib/users/accept-invite";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Join Switchyard", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findInvite({ token });
  if (!found.ok) {
    return (
      <AuthCard title="This invitation cannot be used">
        <Alert tone="warning">{inviteProblemMessage(found.reason)}</Alert>
      </AuthCard>
    );
  }
  const { email, role } = found.invite;
  const sso = ssoName();
  return (
    <AuthCard title="Join Switchyard" subtitle={`You are invited as ${ROLE_LABELS[role].toLowerCase()}: ${ROLE_DESCRIPTIONS[role]}`}>
      {sso ? (
        <div className="mb-6 space-y-2 border-b border-slate-200 pb-6">
          <SsoButton label={`Join with ${sso}`} />
          <p className="text-xs text-slate-500">Sign in there as {email}, or choose a name and password below.</p>
        </div>
      ) : null}
      <AcceptInviteForm action={acceptInviteAction.bind(null, token)} email={email} minPasswordLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
