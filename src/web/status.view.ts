import type { QuoteStatus, StatusNote } from '../domain/status.ts';
import { html, type SafeHtml } from './html.ts';

const SAID: Record<QuoteStatus, string | null> = {
  active: null,
  corrected: 'Corrected',
  needs_review: 'Not reviewed yet: a machine attribution no editor has confirmed',
  retracted: 'Retracted',
  rejected: 'Rejected in review',
};

/** What the editorial record says about a quote, above it on its page: nothing while it stands as stored. */
export function statusNotice(status: QuoteStatus, note: StatusNote | null): SafeHtml | '' {
  const said = SAID[status];
  if (said === null) return '';
  const who = note === null ? '' : html` by ${note.changedBy} on ${note.changedAt.slice(0, 10)}: ${note.reason}`;
  return html`<div role="status" class="notice status-${status}"><p><strong>${said}</strong>${who}</p></div>`;
}
