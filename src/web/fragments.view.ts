import type { Affiliation, DocumentSummary, SpeakerSummary } from '../domain/models.ts';
import { documentLabel } from '../domain/document-label.ts';
import { html, type SafeHtml } from './html.ts';

export function speakerLink(speaker: SpeakerSummary): SafeHtml {
  return html`<a href="/speakers/${encodeURIComponent(speaker.slug)}">${speaker.name}</a>`;
}

/** "professor, Institute for Far Eastern Studies" — the role as held, then the organisation. */
export function affiliationText(affiliation: Affiliation): string {
  return `${affiliation.role}, ${affiliation.organization.name}`;
}

export function affiliationsText(affiliations: readonly Affiliation[]): string {
  return affiliations.map(affiliationText).join('; ');
}

export { documentLabel };

/** A link to the document's page, under its label. */
export function documentLink(document: DocumentSummary): SafeHtml {
  return html`<a href="/documents/${document.id}">${documentLabel(document)}</a>`;
}

export function dateText(date: string | null, unknown = 'date unknown'): SafeHtml {
  return date === null ? html`<span class="muted">${unknown}</span>` : html`<time datetime="${date}">${date}</time>`;
}

export const KIND_LABELS = { direct: 'direct quote', partial: 'partial quote', indirect: 'reported speech' } as const;
