/**
 * Stable, machine-readable error codes. Messages may change; codes may not.
 * The HTTP layer maps each code to a status and a problem+json document.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  invalid_search_query: { status: 400, title: 'The search query cannot be run' },
  invalid_cursor: { status: 400, title: 'The pagination cursor is not valid' },
  invalid_content_encoding: { status: 400, title: 'The request body does not decode with its Content-Encoding' },
  authentication_required: { status: 401, title: 'An API key is required' },
  invalid_api_key: { status: 401, title: 'The API key is not valid' },
  forbidden: { status: 403, title: 'The API key does not allow this' },
  not_found: { status: 404, title: 'No such resource' },
  route_not_found: { status: 404, title: 'No such route' },
  method_not_allowed: { status: 405, title: 'Method not allowed on this route' },
  not_acceptable: { status: 406, title: 'None of the accepted media types can be produced' },
  document_exists: { status: 409, title: 'This document text is already stored' },
  speaker_exists: { status: 409, title: 'A speaker with this slug already exists' },
  external_id_taken: { status: 409, title: 'This external ID belongs to another speaker' },
  occurrence_exists: { status: 409, title: 'This quote is already recorded at these offsets' },
  speaker_merge_conflict: { status: 409, title: 'These speakers cannot be merged as they stand' },
  revision_not_undoable: { status: 409, title: 'This kind of change cannot be undone' },
  speaker_in_use: { status: 409, title: 'The speaker still has quotes, affiliations or references' },
  already_undone: { status: 409, title: 'This revision was undone already' },
  revision_superseded: { status: 409, title: 'A later change touched the same fields; undo that one first' },
  already_retracted: { status: 409, title: 'The quote is retracted already' },
  already_rejected: { status: 409, title: 'The quote is rejected already' },
  status_conflict: { status: 409, title: "The quote's status does not allow this" },
  not_in_review: { status: 409, title: 'The quote is not waiting for review' },
  attribution_withdrawn: { status: 409, title: 'An editor took this attribution off the record' },
  speaker_has_same_words: { status: 409, title: 'The new speaker already has a quote with the same words' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Send JSON (application/json)' },
  blank_text: { status: 422, title: 'The text has nothing in it (only spaces or invisible characters)' },
  evidence_mismatch: { status: 422, title: 'The evidence does not contain the quote' },
  unknown_reference: { status: 422, title: 'The request refers to something that does not exist' },
  not_duplicate_affiliations: { status: 422, title: 'These affiliations are not two statements of one role' },
  reason_required: { status: 422, title: 'A correction needs a reason' },
  speaker_not_in_document: { status: 422, title: 'The new speaker is not named at the given offsets of the document or a relay' },
  rate_limited: { status: 429, title: 'Too many requests' },
  database_busy: { status: 503, title: 'The database is busy; retry shortly' },
  storage_full: { status: 507, title: 'The storage is full; nothing was written' },
  overloaded: { status: 503, title: 'The server is at capacity for this kind of work; retry shortly' },
  extraction_timeout: { status: 503, title: 'Extraction took too long and was stopped' },
  internal_error: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure, raised by services and repositories and rendered as problem+json. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    /** Extra members of the problem document (e.g. `existingId`, `candidates`). */
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string | number): AppError =>
  new AppError('not_found', `No ${what} with id or slug "${id}".`);
