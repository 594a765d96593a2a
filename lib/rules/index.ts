// Public API of the routing-rule engine. Pure functions only (no I/O), safe to import from the
// worker, API routes and client components alike.

export * from "./schema";
export * from "./evaluate";
export * from "./collect-fields";
export type { EvaluationContext, ValueType } from "./types";
export { BUILTIN_FIELDS, parseField, compileField, formatBodyPath, type ParsedField } from "./fields";
export {
  OPERATORS,
  OPERATOR_DEFINITIONS,
  isOperator,
  validateOperatorValue,
  parseListValue,
  type Operator,
  type OperatorArity,
} from "./operators";
export { compileJsonTemplate, compileTextTemplate, validateJsonTemplate, validateTextTemplate } from "./template";
