// The migration that introduced summaries gave existing sources their scheme's preset, in SQL: it
// must say what summaryPresetFor says (a snapshot; later preset changes do not touch old sources).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEME_IDS } from "@/lib/signatures/types";
import { summaryPresetFor } from "@/lib/summaries/presets";

const migration = readFileSync(new URL("../../prisma/migrations/20261204085408_event_summaries/migration.sql", import.meta.url), "utf8");

describe("the event_summaries migration", () => {
  it("gives every scheme the preset the code gives it", () => {
    const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;
    const elseTemplate = /ELSE '((?:[^']|'')*)'/.exec(migration)?.[1]?.replaceAll("''", "'");
    // Schemes added after the migration had no sources for it to name.
    const addedLater = new Set(["twilio"]);
    for (const scheme of SCHEME_IDS.filter((id) => !addedLater.has(id))) {
      const template = summaryPresetFor(scheme).template;
      const named = migration.includes(`WHEN '${scheme}' THEN ${quoted(template)}`);
      expect(named || template === elseTemplate, `${scheme}: ${template}`).toBe(true);
    }
  });
});
