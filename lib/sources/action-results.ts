// What the dashboard's source actions answer (app/(dashboard)/sources/actions.ts); the components
// that call them render these.
import type { ActionResult, FormFailure, FormResult } from "@/lib/forms/form-result";
import type { TestEventResult } from "@/lib/sources/send-test-event";
import type { SummaryPreview } from "@/lib/summaries/preview-summaries";

/** `secretWarning`: the secret's message is the scheme's warning, which the operator may override. */
export interface SourceFormFailure extends FormFailure {
  secretWarning?: boolean;
}

/** `secret`: the plaintext, shown once (null for a scheme without one); `generated`: none was typed. */
export type CreateSourceResult = FormResult<
  { sourceId: string; secret: string | null; generated: boolean },
  string,
  SourceFormFailure
>;
export type UpdateSourceResult = FormResult;
export type RotateSecretResult = FormResult<{ secret: string; generated: boolean }, string, SourceFormFailure>;
export type RevealSecretResult = ActionResult<{ secret: string }>;
export type TestEventOutcome = ActionResult<{ result: TestEventResult }>;
export type ToggleResult = ActionResult;
export type SummaryPreviewResult = ActionResult<{ preview: SummaryPreview }>;
