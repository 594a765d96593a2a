import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";
import { MobileNav } from "@/components/layout/mobile-nav";
import { NavLink } from "@/components/layout/nav-link";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { DisabledUntilHydrated } from "@/components/ui/disabled-until-hydrated";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/events", label: "Events" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/sources", label: "Sources" },
  { href: "/destinations", label: "Destinations" },
  { href: "/alerts", label: "Alerts" },
  { href: "/settings", label: "Settings" },
];

/** `roleNote`: the signed-in user's role in words, e.g. "Viewer: read-only" (what they may do). */
export function AppShell({ userEmail, roleNote, children }: { userEmail: string; roleNote?: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white md:flex">
        <div className="px-4 py-4">
          <Logo />
        </div>
        <nav aria-label="Main" className="flex-1 space-y-1 px-2">
          {NAV.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-slate-200 px-4 py-3">
          <p className="truncate text-xs text-slate-500" title={userEmail}>
            {userEmail}
          </p>
          {roleNote ? (
            <p className="text-xs text-slate-500" data-testid="role-note">
              {roleNote}
            </p>
          ) : null}
          <div className="mt-1 -ml-2">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="relative flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden">
          <Logo />
          <MobileNav items={NAV} userEmail={userEmail} />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8">
          {/* The pages' controls hold React state: none is usable before it is live. */}
          <DisabledUntilHydrated>{children}</DisabledUntilHydrated>
        </main>
      </div>
    </div>
  );
}
