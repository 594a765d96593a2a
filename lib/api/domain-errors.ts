// The errors lib/ throws that are the client's fault, as API answers: every route's former ad hoc
// catch, in one table. Anything else is not the client's fault: apiRoute rethrows it (a 500).
import { ZodError } from "zod";
import { PermissionDeniedError } from "@/lib/access/permissions";
import { ApiFailure, invalid } from "@/lib/api/api-failure";
import { toValidationIssue } from "@/lib/api/parse-json-body";
import { AlertRuleSettingsError } from "@/lib/alerts/alert-rule-settings-error";
import { ChannelSettingsError } from "@/lib/alerts/channel-settings-error";
import { AuditCursorError } from "@/lib/audit/list-audit-log";
import { InvalidCursorError } from "@/lib/deliveries/list-deliveries";
import { DestinationUrlRefusedError } from "@/lib/destinations/refuse-unreachable-url";
import { HiddenHeaderError } from "@/lib/destinations/sealed-headers";
import { DraftRuleNotFoundError } from "@/lib/rules/backtest-chain";
import { RuleValidationError } from "@/lib/rules/check-rule-destinations";
import { SourceSettingsError } from "@/lib/sources/update-source";
import { UserManagementError } from "@/lib/users/user-management-error";

export function domainFailure(error: unknown, { hasBody }: { hasBody: boolean }): ApiFailure<"invalid_request" | "forbidden" | "destination_url_refused" | "last_admin" | "user_exists"> | null {
  // Something only another role may do (lib/access/permissions.ts).
  if (error instanceof PermissionDeniedError) return new ApiFailure("forbidden", error.message);
  // User management the state refuses: the last admin kept, an address that has an account.
  if (error instanceof UserManagementError && error.problem !== "invite_unusable") return new ApiFailure(error.problem, error.message);
  if (error instanceof HiddenHeaderError) return invalid([{ path: ["headers", error.header], message: error.message }]);
  // A destination URL the outbound address policy refuses (createDestination, updateDestination).
  if (error instanceof DestinationUrlRefusedError) return new ApiFailure("destination_url_refused", error.message, [{ path: ["url"], message: error.message }]);
  // Checks that need the stored source (e.g. options for its current scheme, a secret to rotate).
  if (error instanceof SourceSettingsError) return invalid([{ path: [error.field], message: error.message }]);
  // Checks that need the database: destinations a rule forwards to, the source's set of rules.
  if (error instanceof RuleValidationError) return invalid([{ path: error.path, message: error.message }]);
  // A whole-chain backtest's draft of a rule the chain no longer has.
  if (error instanceof DraftRuleNotFoundError) return invalid([{ path: ["draft", "ruleId"], message: error.message }]);
  // Checks of a channel's URL against the outbound address policy; thresholds of an alert rule's kind.
  if (error instanceof ChannelSettingsError) return invalid([{ path: [error.field], message: error.message }]);
  if (error instanceof AlertRuleSettingsError) return invalid([{ path: error.path, message: error.message }]);
  if (error instanceof AuditCursorError) return invalid([{ path: ["before"], message: error.message }]);
  if (error instanceof InvalidCursorError) return invalid([{ path: ["cursor"], message: error.message }]);
  // lib functions validate what they are given again with the schema the body was parsed with
  // (e.g. createRule's RuleInput.parse): a ZodError from there is about the request. Without a
  // body it can only be a bug. (A stored value that does not parse is a StoredJsonError, not this.)
  if (hasBody && error instanceof ZodError) return invalid(error.issues.map(toValidationIssue));
  return null;
}
