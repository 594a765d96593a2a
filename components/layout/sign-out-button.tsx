"use client";

import { signOut } from "next-auth/react";
import { ScriptButton } from "@/components/ui/script-button";

export function SignOutButton() {
  return (
    <ScriptButton
      // next-auth would redirect to its callback URL resolved against APP_URL, which may be another
      // host than the one in use (an internal name, a tunnel): end the session without its redirect
      // and go to this host's sign-in page.
      onClick={() => void signOut({ redirect: false }).then(() => window.location.assign("/login"))}
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
    >
      Sign out
    </ScriptButton>
  );
}
