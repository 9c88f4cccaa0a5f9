import type { DocumentSummary, QuoteKind } from '../domain/models.ts';
import type { QuoteStatus } from '../domain/status.ts';
import type { RevisionRecord, RevisionValue } from '../domain/revision.ts';
import type { SpeakerProfile } from '../services/speaker.service.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The editors' tools on the pages: plain forms that assets/editor.js sends to the JSON API with
 * the editor key of this visit (sessionStorage, never the server). They stay hidden until a key
 * is entered at /editor; without JavaScript they never show (the API is there for scripts).
 */

/** How editor.js reads a field into the request body: as text (empty: left out), null when empty, a number, a list of lines, or a scheme/value pair (tab-separated). */
type FieldCoding = 'text' | 'nullable' | 'number' | 'lines' | 'pair';

interface Field {
  name: string;
  label: string;
  type?: 'text' | 'textarea' | 'select' | 'date' | 'partialDate' | 'hidden';
  /** Sent even when unchanged (ids, the speaker to merge into). */
  always?: boolean;
  value?: string | null;
  options?: readonly (readonly [string, string])[];
  required?: boolean;
  coding?: FieldCoding;
  hint?: string;
}

interface ApiForm {
  id: string;
  title: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  /** The API path the form is sent to. */
  action: string;
  fields: readonly Field[];
  submit: string;
  /** Where to go after success: a path with {dotted.path} placeholders filled from the JSON answer; default: reload. */
  then?: string;
  /** Asks before sending (removals, merges). */
  confirm?: string;
  /** Controls after the fields (a helper button). */
  extra?: SafeHtml;
}

function fieldHtml(formId: string, f: Field): SafeHtml {
  const id = `${formId}-${f.name.replace(/\W+/g, '-')}`;
  const hintId = `${id}-hint`;
  const common = html`id="${id}" name="${f.name}" data-coding="${f.coding ?? 'text'}"${f.always === true ? html` data-always` : ''}${f.required === true ? html` required` : ''}${f.hint === undefined ? '' : html` aria-describedby="${hintId}"`}`;
  if (f.type === 'hidden') return html`<input ${common} type="hidden" value="${f.value ?? ''}">`;
  const control =
    f.type === 'textarea'
      ? html`<textarea ${common} rows="3">${f.value ?? ''}</textarea>`
      : f.type === 'select'
        ? html`<select ${common}>${(f.options ?? []).map(([value, label]) => html`<option value="${value}"${value === (f.value ?? '') ? html` selected` : ''}>${label}</option>`)}</select>`
        : f.type === 'date'
          ? html`<input ${common} type="text" inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="YYYY-MM-DD" value="${f.value ?? ''}">`
          : f.type === 'partialDate'
            ? html`<input ${common} type="text" inputmode="numeric" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" placeholder="YYYY, YYYY-MM or YYYY-MM-DD" value="${f.value ?? ''}">`
          : html`<input ${common} type="text" value="${f.value ?? ''}">`;
  return html`<p class="field"><label for="${id}">${f.label}</label> ${control}${f.hint === undefined ? '' : html`<small id="${hintId}">${f.hint}</small>`}</p>`;
}

const REASON_FIELD: Field = { name: 'reason', label: 'Reason (kept on the record)', type: 'textarea', required: true, always: true };

function apiForm(form: ApiForm): SafeHtml {
  return html`<form class="api-form" id="${form.id}" data-api-method="${form.method}" data-api-action="${form.action}"${form.then === undefined ? '' : html` data-then="${form.then}"`}${form.confirm === undefined ? '' : html` data-confirm="${form.confirm}"`} aria-labelledby="${form.id}-h">
<h3 id="${form.id}-h">${form.title}</h3>
${form.fields.map((f) => fieldHtml(form.id, f))}
${form.extra ?? ''}
${fieldHtml(form.id, REASON_FIELD)}
<p><button type="submit">${form.submit}</button></p>
<p class="form-status" role="status" aria-live="polite"></p>
</form>`;
}

/** The editors' section of a page: hidden until editor.js finds an editor key for this visit. */
function editorSection(id: string, forms: readonly SafeHtml[]): SafeHtml {
  return html`<section class="editor-tools" data-editor-tools hidden aria-labelledby="${id}">
<h2 id="${id}">Editor tools</h2>
<p class="muted">Every change is kept on the record with your key's name and your reason, and can be undone from the history.</p>
${forms}
</section>`;
}

const KINDS: readonly (readonly [QuoteKind, string])[] = [
  ['direct', 'direct quote'],
  ['partial', 'partial quote'],
  ['indirect', 'reported speech'],
];

/** Correct a quote's kind, date said and venue; file it under another speaker; retract or restore it. */
export function quoteEditorTools(quote: { id: number; kind: QuoteKind; saidOn: string | null; venue: string | null; status: QuoteStatus }): SafeHtml {
  const withdrawn = quote.status === 'retracted' || quote.status === 'rejected';
  return editorSection('quote-editor-h', [
    apiForm({
      id: 'change-speaker',
      title: 'Change speaker',
      method: 'PATCH',
      action: `/v1/quotes/${quote.id}`,
      fields: [
        { name: 'speaker.ref', label: 'New speaker (slug, id or name)', required: true },
        { name: 'speaker.mention.documentId', label: 'Document (id)', coding: 'number', hint: 'Where the new speaker is named; needed when the quote has several documents' },
        { name: 'speaker.mention.start', label: 'Name starts at', coding: 'number', required: true },
        { name: 'speaker.mention.end', label: 'Name ends at', coding: 'number', required: true, hint: 'Select the name in a source text above and press "Use the selected name", or type the offsets' },
      ],
      submit: 'Change speaker',
      extra: html`<p><button type="button" data-use-selection>Use the selected name</button></p>`,
    }),
    withdrawn
      ? apiForm({ id: 'restore-quote', title: 'Restore', method: 'POST', action: `/v1/quotes/${quote.id}/restore`, fields: [], submit: 'Restore quote' })
      : apiForm({
          id: 'retract-quote',
          title: 'Retract',
          method: 'POST',
          action: `/v1/quotes/${quote.id}/retract`,
          fields: [],
          submit: 'Retract quote',
          confirm: 'Retract this quote? It stays on the record, hidden, with your reason.',
        }),
    apiForm({
      id: 'correct-quote',
      title: 'Correct',
      method: 'PATCH',
      action: `/v1/quotes/${quote.id}`,
      fields: [
        { name: 'kind', label: 'Kind', type: 'select', options: KINDS, value: quote.kind },
        { name: 'saidOn', label: 'Said on', type: 'date', value: quote.saidOn, coding: 'nullable', hint: 'Empty: not known' },
        { name: 'venue', label: 'Venue', value: quote.venue, coding: 'nullable' },
      ],
      submit: 'Save correction',
    }),
  ]);
}

/** Correct a speaker, merge them into another, merge duplicate affiliations, remove one with nothing on record. */
export function speakerEditorTools(speaker: SpeakerProfile): SafeHtml {
  const empty = speaker.quoteCount === 0 && speaker.quotesAbout.length === 0 && speaker.affiliations.length === 0;
  const path = `/v1/speakers/${encodeURIComponent(speaker.slug)}`;
  return editorSection('speaker-editor-h', [
    apiForm({
      id: 'correct-speaker',
      title: 'Correct',
      method: 'PATCH',
      action: path,
      fields: [
        { name: 'name', label: 'Name', value: speaker.name },
        { name: 'slug', label: 'Slug', value: speaker.slug, hint: 'A new slug leaves the old one redirecting here' },
        { name: 'description', label: 'Description', type: 'textarea', value: speaker.description, coding: 'nullable' },
        { name: 'aliases.add', label: 'Add aliases (one a line)', type: 'textarea', coding: 'lines' },
        { name: 'aliases.remove', label: 'Remove aliases (one a line)', type: 'textarea', coding: 'lines' },
      ],
      submit: 'Save correction',
      then: '/speakers/{speaker.slug}',
    }),
    apiForm({
      id: 'add-affiliation',
      title: 'Add an affiliation',
      method: 'PATCH',
      action: path,
      fields: [
        { name: 'affiliations.add.0.organization', label: 'Organisation', required: true },
        { name: 'affiliations.add.0.role', label: 'Role', required: true },
        { name: 'affiliations.add.0.validFrom', label: 'From', type: 'partialDate' },
        { name: 'affiliations.add.0.validTo', label: 'Until', type: 'partialDate' },
        { name: 'affiliations.add.0.asStated', label: 'As the source states it' },
      ],
      submit: 'Add affiliation',
    }),
    ...speaker.affiliations.map((a) =>
      apiForm({
        id: `affiliation-${a.id}`,
        title: `${a.role}, ${a.organization.name}`,
        method: 'PATCH',
        action: path,
        fields: [
          { name: 'affiliations.update.0.id', label: 'Affiliation', type: 'hidden', value: String(a.id), coding: 'number', always: true },
          { name: 'affiliations.update.0.role', label: 'Role', value: a.role },
          { name: 'affiliations.update.0.validFrom', label: 'From', type: 'partialDate', value: a.validFrom, coding: 'nullable' },
          { name: 'affiliations.update.0.validTo', label: 'Until', type: 'partialDate', value: a.validTo, coding: 'nullable' },
        ],
        submit: 'Save affiliation',
      }),
    ),
    apiForm({
      id: 'external-ids',
      title: 'External IDs',
      method: 'PATCH',
      action: path,
      fields: [
        { name: 'externalIds.add.0.scheme', label: 'Add: scheme', hint: 'e.g. wikidata' },
        { name: 'externalIds.add.0.value', label: 'Add: value', hint: 'e.g. Q7747' },
        ...speaker.externalIds.map((e, i): Field => ({
          name: `externalIds.remove.${i}`,
          label: `Remove ${e.scheme} ${e.value}`,
          type: 'select',
          options: [
            ['', 'keep'],
            [`${e.scheme}\t${e.value}`, 'remove'],
          ],
          coding: 'pair',
        })),
      ],
      submit: 'Save IDs',
    }),
    apiForm({
      id: 'merge-affiliations',
      title: 'Merge duplicate affiliations',
      method: 'POST',
      action: `${path}/affiliations/merge`,
      fields: [],
      submit: 'Merge duplicates',
    }),
    apiForm({
      id: 'merge-speaker',
      title: `Merge ${speaker.name} into another speaker`,
      method: 'POST',
      action: `${path}/merge`,
      fields: [{ name: 'into', label: 'Speaker to keep (slug or id)', required: true, always: true }],
      submit: 'Merge',
      then: '/speakers/{into.slug}',
      confirm: `Merge ${speaker.name} into the speaker named? This cannot be undone.`,
    }),
    ...(empty
      ? [
          apiForm({
            id: 'remove-speaker',
            title: `Remove ${speaker.name}`,
            method: 'DELETE',
            action: path,
            fields: [],
            submit: 'Remove speaker',
            then: '/speakers',
            confirm: `Remove ${speaker.name}? This cannot be undone.`,
          }),
        ]
      : []),
  ]);
}

/** Correct a document's metadata (never its text: the evidence). */
export function documentEditorTools(doc: DocumentSummary): SafeHtml {
  return editorSection('document-editor-h', [
    apiForm({
      id: 'correct-document',
      title: 'Correct',
      method: 'PATCH',
      action: `/v1/documents/${doc.id}`,
      fields: [
        { name: 'outlet', label: 'Outlet', value: doc.outlet, coding: 'nullable' },
        { name: 'title', label: 'Title', value: doc.title, coding: 'nullable' },
        { name: 'url', label: 'URL', value: doc.url, coding: 'nullable' },
        { name: 'publishedOn', label: 'Published on', type: 'date', value: doc.publishedOn, coding: 'nullable' },
        { name: 'dateline', label: 'Dateline', value: doc.dateline, coding: 'nullable' },
        { name: 'language', label: 'Language', value: doc.language },
      ],
      submit: 'Save correction',
    }),
  ]);
}

/** /editor: enter the editor key for this visit, or forget it. */
export function editorSignInPage(): SafeHtml {
  return html`<h1>Editor</h1>
<p>Editors correct the record from the pages: quotes, speakers and documents show their tools once your editor key is entered here.
The key is kept in this browser tab for this visit only (session storage) and sent with each change; the server keeps nothing but its hash.</p>
<noscript><p class="notice">The editor tools need JavaScript. Without it, use the API (see <a href="/docs/">API docs</a>).</p></noscript>
<form id="editor-sign-in" class="api-form" aria-labelledby="sign-in-h">
<h2 id="sign-in-h">Enter your key</h2>
<p class="field"><label for="editor-key">Editor key</label> <input id="editor-key" name="key" type="password" autocomplete="off" spellcheck="false" required></p>
<p><button type="submit">Use this key for this visit</button></p>
</form>
<p id="editor-state" role="status" aria-live="polite"></p>
<p><button type="button" id="editor-sign-out" hidden>Forget the key</button></p>
<p><a href="/review">Review queue</a>: attributions waiting for an editor.</p>`;
}

/** A revision's value in a line: text as it is, anything else as compact JSON, cut to a readable length. */
function valueText(value: RevisionValue): string {
  const text = value === null ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

const ACTION_LABELS: Record<string, string> = {
  updated: 'Corrected',
  undo: 'Undone',
  merged: 'Merged another speaker into this one',
  merged_into: 'Merged into another speaker',
  removed: 'Removed',
  affiliations_merged: 'Merged duplicate affiliations',
};

/**
 * The entity's corrections, newest first, for everyone to read (reads are public here); each
 * with an undo form among the editor tools.
 */
export function historyHtml(revisions: readonly RevisionRecord[], apiPath: string): SafeHtml {
  return html`<section class="history" aria-labelledby="history-h">
<h2 id="history-h">Corrections</h2>
${revisions.length === 0
  ? html`<p class="muted">No corrections on record.</p>`
  : html`<ol class="revisions">${revisions.map(
      (r) => html`<li class="revision" id="revision-${r.id}">
<p><strong>${ACTION_LABELS[r.action] ?? r.action.replace(/_/g, ' ')}</strong> by ${r.actor.name}, <time datetime="${r.createdAt}">${r.createdAt}</time>${r.revertsRevisionId === null ? '' : html` (reverts <a href="#revision-${r.revertsRevisionId}">#${r.revertsRevisionId}</a>)`}${r.revertedByRevisionId === null ? '' : html` · undone by <a href="#revision-${r.revertedByRevisionId}">#${r.revertedByRevisionId}</a>`}</p>
<p class="reason">Why: ${r.reason}</p>
<ul class="changes">${Object.entries(r.changes).map(([field, c]) => html`<li><span class="field-name">${field}</span>: <del>${valueText(c.before)}</del> → <ins>${valueText(c.after)}</ins></li>`)}</ul>
${r.revertedByRevisionId === null
  ? html`<div data-editor-tools hidden>${apiForm({ id: `undo-${r.id}`, title: `Undo #${r.id}`, method: 'POST', action: `/v1/revisions/${r.id}/undo`, fields: [], submit: 'Undo this change' })}</div>`
  : ''}
</li>`,
    )}</ol>`}
<p><a href="${apiPath}">As JSON</a></p>
</section>`;
}

/** /review: the queue of attributions waiting for an editor, read and decided through the API with the visit's key. */
export function reviewPage(): SafeHtml {
  return html`<h1>Review queue</h1>
<p>Attributions the extractor was not sure of, oldest first. Each waits here, shown nowhere as settled, until an editor
accepts it as it is, fixes it (a correction, then accepted) or rejects it. Every decision is kept with your reason.</p>
<noscript><p class="notice">The review queue needs JavaScript and an editor key. Without them, use the API (GET /v1/review).</p></noscript>
<p id="review-state" role="status" aria-live="polite"></p>
<ol id="review-queue" class="results" aria-label="Attributions waiting for review"></ol>
<p><button type="button" id="review-more" hidden>Show more</button></p>`;
}
