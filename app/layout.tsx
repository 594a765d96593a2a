import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { ZodWithoutEval } from "@/components/layout/zod-without-eval";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Self-hosted webhook inbox and router",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, the not-found page too: the Content-Security-Policy's nonce
  // (proxy.ts) is new for each response, and a page prerendered at build time could not carry it.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <ZodWithoutEval />
        {children}
      </body>
    </html>
  );
}
