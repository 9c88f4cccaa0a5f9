import type { ErrorCode } from '../../domain/errors.ts';

/** What any correction route that takes a JSON body with a reason can answer before it changes anything. */
export const EDIT_BODY_ERRORS = [
  'validation_failed',
  'malformed_json',
  'invalid_content_encoding',
  'unsupported_media_type',
  'payload_too_large',
  'blank_text',
  'reason_required',
] as const satisfies readonly ErrorCode[];
