"use client";
// The navigation on a narrow screen (under the md breakpoint): a Menu button that opens every
// section, the signed-in user and Sign out in a panel under the header, closed again on navigation.
import { usePathname } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { NavLink } from "@/components/layout/nav-link";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { ScriptButton } from "@/components/ui/script-button";

export function MobileNav({ items, userEmail }: { items: ReadonlyArray<{ href: string; label: string }>; userEmail: string }) {
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const pathname = usePathname();
  const panelId = useId();
  // Following a link closes the menu (the page changed under it).
  if (open && openedAt !== null && openedAt !== pathname) {
    setOpen(false);
    setOpenedAt(null);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const current = items.find((item) => (item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`)));
  return (
    <>
      <ScriptButton
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
          setOpenedAt(pathname);
        }}
        className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:cursor-wait"
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
        {open ? "Close" : "Menu"}
        {!open && current ? <span className="sr-only">, now on {current.label}</span> : null}
      </ScriptButton>
      <div id={panelId} hidden={!open} className="absolute inset-x-0 top-full z-40 border-b border-slate-200 bg-white px-4 pt-2 pb-4 shadow-lg">
        <nav aria-label="Main" className="space-y-1">
          {items.map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-3 flex items-center justify-between gap-2 border-t border-slate-200 pt-3">
          <p className="min-w-0 truncate text-xs text-slate-500" title={userEmail}>
            {userEmail}
          </p>
          <SignOutButton />
        </div>
      </div>
    </>
  );
}
