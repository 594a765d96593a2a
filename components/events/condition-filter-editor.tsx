"use client";
// The events filter's conditions: the rule builder's editor with its text form a toggle away
// (ConditionsTextToggle: same fields, operators and case rules). The text goes into the form as
// `where`, so the URL keeps the filter; text from the URL that does not read starts as text,
// with its problem shown.
import { useState } from "react";
import { ConditionsTextToggle } from "@/components/rules/conditions-text-toggle";
import { EMPTY_CONDITIONS, type FieldOption } from "@/components/rules/rule-model";
import { parseConditions } from "@/lib/rules/condition-text";
import type { ConditionGroup } from "@/lib/rules/schema";

export function ConditionFilterEditor({
  initialText,
  catalogue,
  seenLabel,
  onTextChange,
}: {
  initialText: string;
  catalogue: FieldOption[];
  seenLabel: string;
  onTextChange?: (text: string) => void;
}) {
  const [group, setGroup] = useState<ConditionGroup>(() => {
    const read = parseConditions(initialText);
    return read.ok ? read.conditions : EMPTY_CONDITIONS;
  });
  const [text, setText] = useState(initialText);
  return (
    <div data-testid="condition-filter">
      <input type="hidden" name="where" value={text} />
      <ConditionsTextToggle
        value={group}
        onChange={setGroup}
        catalogue={catalogue}
        label="Conditions (as in rules)"
        seenLabel={seenLabel}
        emptyText="No conditions: every event shows. Add a condition to narrow the list down, e.g. a body field equal to a value."
        initialText={initialText}
        onTextChange={(next) => {
          setText(next);
          onTextChange?.(next);
        }}
      />
    </div>
  );
}
