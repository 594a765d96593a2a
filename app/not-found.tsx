// Any address that is not a page, and any page's notFound() (an event or source that does not
// exist). Ours rather than Next's default, whose inline <style> carries no nonce and would break
// the Content-Security-Policy (proxy.ts).
import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <AuthCard title="Page not found" subtitle="Nothing is at this address: the link may be old, or what it pointed at was deleted.">
      <Link href="/" className="text-sm font-medium text-indigo-700 hover:underline">
        ← Back to the overview
      </Link>
    </AuthCard>
  );
}
