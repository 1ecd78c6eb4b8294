/** Building validation errors exactly as an SDK server would report them. */
import { MmcpError } from './errors.js';
import { STATUS_FOR_CODE, type MmcpServerCode, type ValidationIssue } from './types.js';

/** An {@link MmcpError} carrying a server code, its HTTP status and phase `validate`. */
export function protocolError(code: MmcpServerCode, message: string, details: Record<string, unknown> = {}): MmcpError {
  return new MmcpError(code, message, { status: STATUS_FOR_CODE[code], details, phase: 'validate', retryable: false });
}

/** A `422 schema_validation` error with `details.errors` (what pydantic would report). */
export function schemaError(issues: ValidationIssue[]): MmcpError {
  const first = issues[0];
  const where = first ? first.loc.join('.') : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return protocolError('schema_validation', `request fails schema validation: ${where}: ${first?.msg ?? 'invalid'}${more}`, {
    errors: issues,
  });
}

/** A `400 invalid_skeleton` error with `details.errors`. */
export function skeletonError(issues: ValidationIssue[]): MmcpError {
  const first = issues[0];
  return protocolError('invalid_skeleton', `invalid skeleton: ${first?.msg ?? 'bad topology'}`, { errors: issues });
}
