// The Overview's notice when no worker is heard from: what it says with and without a last sighting,
// under the launcher or not, and that it is absent while a worker runs.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NoWorkerNotice } from "@/components/overview/no-worker-notice";

const now = new Date("2026-12-06T12:00:00Z");
const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("NoWorkerNotice", () => {
  it("is absent while a worker runs", () => {
    expect(renderToStaticMarkup(createElement(NoWorkerNotice, { workers: { running: 1, lastSeenAt: now }, underLauncher: false, now }))).toBe("");
  });

  it("says when a worker was last heard from, and that npm start restarts one", () => {
    const html = renderToStaticMarkup(createElement(NoWorkerNotice, { workers: { running: 0, lastSeenAt: new Date(now.getTime() - 90_000) }, underLauncher: true, now }));
    expect(text(html)).toBe(
      "No worker is running. Webhooks are still received and stored, but none are routed or delivered until one runs. A worker was last heard from 1 min ago. npm start restarts a worker that exits or stops answering: see Processes below.",
    );
  });

  it("says none was heard from, and how to start one, without the launcher", () => {
    const html = renderToStaticMarkup(createElement(NoWorkerNotice, { workers: { running: 0, lastSeenAt: null }, underLauncher: false, now }));
    expect(text(html)).toContain("No worker has been heard from yet.");
    expect(text(html)).toContain("Start one with npm run worker, or check why your process manager has not.");
  });
});
