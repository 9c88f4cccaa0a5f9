import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations, useSeededBrowser } from './support/browser.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { unique } from './support/test-app.ts';

/** The editors' tools in Chromium: a key entered once per visit, corrections through the JSON API. */
describe('editor tools in Chromium', () => {
  const { t, b } = useSeededBrowser();

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${b.baseUrl}/editor`);
    await page.getByLabel('Editor key').fill(key);
    await page.getByRole('button', { name: 'Use this key for this visit' }).click();
  }

  it('when no key was entered, then no page shows editor tools; a reader key is refused; an editor key shows them for the visit only', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/quotes/3`);
    expect(await page.getByRole('heading', { name: 'Editor tools' }).count()).toBe(0);
    await signIn(page, t.keys.reader);
    await expect.poll(() => page.locator('#editor-state').innerText()).toMatch(/reader key/);
    await signIn(page, t.keys.editor);
    await expect.poll(() => page.locator('#editor-state').innerText()).toBe('Editing as test editor for this visit.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${b.baseUrl}/quotes/3`);
    await expect.poll(() => page.getByRole('heading', { name: 'Editor tools' }).isVisible()).toBe(true);
    // Never anywhere but this tab's session storage: not a cookie, not local storage.
    expect(await b.context.cookies()).toEqual([]);
    expect(await page.evaluate('window.localStorage.length')).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    const other = await b.newPage();
    await other.goto(`${b.baseUrl}/quotes/3`);
    expect(await other.getByRole('heading', { name: 'Editor tools' }).isVisible()).toBe(false);
    await other.close();
    await page.goto(`${b.baseUrl}/editor`);
    await page.getByRole('button', { name: 'Forget the key' }).click();
    await page.goto(`${b.baseUrl}/quotes/3`);
    expect(await page.getByRole('heading', { name: 'Editor tools' }).isVisible()).toBe(false);
    expect([...b.foreignRequests.splice(0), ...b.cspViolations.splice(0)]).toEqual([]);
    await page.close();
  });

  it('when an editor corrects a quote on its page, then the page shows the correction and the history records it with the reason', async () => {
    const s = await addSpeaker(t);
    const q = await addQuote(t, { speaker: s.slug, text: `${unique('w')} we will see` });
    const page = await b.newPage();
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/quotes/${q}`);
    const form = page.locator('#correct-quote');
    await form.getByLabel('Kind').selectOption('indirect');
    await form.getByLabel('Venue').fill('a press briefing');
    await form.getByRole('button', { name: 'Save correction' }).click();
    // Without a reason the browser refuses to send it; with one, it is sent and the page reloads.
    expect(await form.getByLabel('Reason (kept on the record)').evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(true);
    await form.getByLabel('Reason (kept on the record)').fill('Paraphrased in the source');
    await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Save correction' }).click()]);
    await expect.poll(async () => (await request(t.app).get(`/v1/quotes/${q}`)).body.kind).toBe('indirect');
    await expect.poll(() => page.locator('.kicker').innerText()).toMatch(/reported speech/i);
    const history = (await request(t.app).get(`/v1/quotes/${q}/history`).expect(200)).body.revisions;
    expect(history[0]).toMatchObject({ reason: 'Paraphrased in the source', actor: { name: 'test editor' }, changes: { kind: { after: 'indirect' }, venue: { after: 'a press briefing' } } });
    // Only what the editor changed is sent (not the date said); an active quote becomes corrected.
    expect(Object.keys(history[0].changes).sort()).toEqual(['kind', 'status', 'venue']);

    // The page lists the correction for every reader, and an editor undoes it from there.
    const listed = page.locator(`#revision-${history[0].id}`);
    await expect.poll(() => listed.innerText()).toMatch(/Corrected by test editor[\s\S]*Why: Paraphrased in the source/);
    expect(await accessibilityViolations(page)).toEqual([]);
    const undo = listed.locator('form');
    await undo.getByLabel('Reason (kept on the record)').fill('It was a direct quote after all');
    await Promise.all([page.waitForNavigation(), undo.getByRole('button', { name: 'Undo this change' }).click()]);
    await expect.poll(async () => (await request(t.app).get(`/v1/quotes/${q}`)).body.kind).toBe('direct');
    await expect.poll(() => page.locator('.revision').first().innerText()).toMatch(/Undone by test editor/);
    const reader = await b.newPage();
    await reader.goto(`${b.baseUrl}/quotes/${q}`);
    expect(await reader.locator('.revision').count()).toBe(2);
    expect(await reader.getByRole('button', { name: 'Undo this change' }).first().isVisible()).toBe(false);
    await reader.close();
    await page.close();
  });

  it('when an editor merges a speaker into another on the speaker page, then the browser lands on the speaker kept and the old page redirects there', async () => {
    const from = await addSpeaker(t);
    const into = await addSpeaker(t);
    await addQuote(t, { speaker: from.slug, text: `${unique('w')} moving on` });
    const page = await b.newPage();
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/speakers/${from.slug}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    const form = page.locator('#merge-speaker');
    await form.getByLabel('Speaker to keep (slug or id)').fill(into.slug);
    await form.getByLabel('Reason (kept on the record)').fill('The same person');
    page.once('dialog', (dialog) => void dialog.accept());
    await form.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(`${b.baseUrl}/speakers/${into.slug}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(into.name);
    await page.goto(`${b.baseUrl}/speakers/${from.slug}`);
    expect(page.url()).toBe(`${b.baseUrl}/speakers/${into.slug}`);
    await page.close();
  });

  it('when an editor adds an affiliation, changes its period and adds an external ID on the speaker page, then each is one revision and the page shows it', async () => {
    const s = await addSpeaker(t);
    const org = `Institute ${unique('o')}`;
    const page = await b.newPage();
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/speakers/${s.slug}`);
    const add = page.locator('#add-affiliation');
    await add.getByLabel('Organisation').fill(org);
    await add.getByLabel('Role').fill('senior analyst');
    await add.getByLabel('From').fill('2019');
    await add.getByLabel('Reason (kept on the record)').fill('Named so in the report');
    await Promise.all([page.waitForNavigation(), add.getByRole('button', { name: 'Add affiliation' }).click()]);
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations.length).toBe(1);
    const affiliation = (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations[0];
    expect(affiliation).toMatchObject({ role: 'senior analyst', validFrom: '2019', validTo: null, organization: { name: org } });
    const edit = page.locator(`#affiliation-${affiliation.id}`);
    await edit.getByLabel('Until').fill('2023-06');
    await edit.getByLabel('Reason (kept on the record)').fill('Left in June 2023');
    await Promise.all([page.waitForNavigation(), edit.getByRole('button', { name: 'Save affiliation' }).click()]);
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations[0].validTo).toBe('2023-06');
    const ids = page.locator('#external-ids');
    await ids.getByLabel('Add: scheme').fill('wikidata');
    await ids.getByLabel('Add: value').fill(`Q${Date.now()}`);
    await ids.getByLabel('Reason (kept on the record)').fill('Matched by hand');
    await Promise.all([page.waitForNavigation(), ids.getByRole('button', { name: 'Save IDs' }).click()]);
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.externalIds.length).toBe(1);
    await expect.poll(() => page.locator('.revision').count()).toBe(3);
    expect(await accessibilityViolations(page)).toEqual([]);
    const history = (await request(t.app).get(`/v1/speakers/${s.slug}/history`)).body.revisions;
    expect(history.map((r: { changes: Record<string, unknown> }) => Object.keys(r.changes))).toEqual([['externalIds'], ['affiliations'], ['affiliations']]);
    await page.close();
  });

  /** A document naming two speakers, with a quote filed under the first (at `confidence`). */
  async function twoSpeakerQuote(confidence = 1) {
    const first = await addSpeaker(t, { name: `Ana ${unique('Ruiz')}` });
    const second = await addSpeaker(t, { name: `Bo ${unique('Lee')}` });
    const words = `${unique('w')} the budget is balanced`;
    const text = `${second.name} spoke after ${first.name}. “${words},” ${first.name} said.`;
    const doc = await t.api().post('/v1/documents').send({ text, outlet: 'Desk Wire', publishedOn: '2025-02-02' }).expect(201);
    const start = text.indexOf(words);
    const quote = await t.api().post('/v1/quotes').send({ speaker: first.slug, text: words, kind: 'direct', evidence: { documentId: doc.body.id, start, end: start + words.length, confidence } }).expect(201);
    return { first, second, words, quoteId: quote.body.id as number };
  }

  it('when an editor selects the right speaker\'s name in the source text and changes the speaker, then the quote is filed under them; a retraction from the page hides it', async () => {
    const { second, quoteId } = await twoSpeakerQuote();
    const page = await b.newPage();
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/quotes/${quoteId}`);
    // Select the second speaker's name where the source text names them (its first words).
    await page.locator('.source').first().evaluate((source, name) => {
      const node = source.firstChild as unknown as { textContent: string };
      const range = (globalThis as unknown as { document: { createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void } } }).document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, name.length);
      const selection = (globalThis as unknown as { getSelection(): { removeAllRanges(): void; addRange(r: unknown): void } }).getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }, second.name);
    const form = page.locator('#change-speaker');
    await form.getByRole('button', { name: 'Use the selected name' }).click();
    expect(await form.getByLabel('Name ends at').inputValue()).toBe(String(second.name.length));
    await form.getByLabel('New speaker (slug, id or name)').fill(second.slug);
    await form.getByLabel('Reason (kept on the record)').fill('Bo said it, not Ana');
    // The page reloads itself once the change is stored: wait for that navigation before using the page again.
    await Promise.all([page.waitForNavigation(), form.getByRole('button', { name: 'Change speaker' }).click()]);
    expect((await request(t.app).get(`/v1/quotes/${quoteId}`)).body.speaker.slug).toBe(second.slug);

    const retract = page.locator('#retract-quote');
    await retract.getByLabel('Reason (kept on the record)').fill('The wire withdrew the story');
    page.once('dialog', (dialog) => void dialog.accept());
    await Promise.all([page.waitForNavigation(), retract.getByRole('button', { name: 'Retract quote' }).click()]);
    expect((await request(t.app).get(`/v1/quotes/${quoteId}`)).body.status).toBe('retracted');
    await expect.poll(() => page.locator('#restore-quote').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('when an editor opens the review queue, then unreviewed attributions are listed and each is accepted or rejected with one click and a reason', async () => {
    const accepted = await twoSpeakerQuote(0.3);
    const rejected = await twoSpeakerQuote(0.3);
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/review`);
    await expect.poll(() => page.locator('#review-state').innerText()).toMatch(/Enter an editor key/);
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/review`);
    const item = (words: string) => page.locator('.review-item').filter({ hasText: words });
    await expect.poll(() => item(accepted.words).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await item(accepted.words).getByRole('button', { name: 'Accept', exact: true }).click();
    await expect.poll(() => page.getByText(/^Accepted: revision #\d+/).count()).toBe(1);
    const reject = item(rejected.words);
    await reject.getByLabel('Reason (kept on the record)').fill('Not an attribution: a headline');
    await reject.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => page.getByText(/^Rejected: revision #\d+/).count()).toBe(1);
    expect((await request(t.app).get(`/v1/quotes/${accepted.quoteId}`)).body.status).toBe('active');
    expect((await request(t.app).get(`/v1/quotes/${rejected.quoteId}`)).body.status).toBe('rejected');
    expect([...b.foreignRequests.splice(0), ...b.cspViolations.splice(0)]).toEqual([]);
    await page.close();
  });

  it('when a correction is refused by the API, then the form says why and nothing changes', async () => {
    const a = await addSpeaker(t);
    const other = await addSpeaker(t);
    const page = await b.newPage();
    await signIn(page, t.keys.editor);
    await page.goto(`${b.baseUrl}/speakers/${a.slug}`);
    const form = page.locator('#correct-speaker');
    await form.getByLabel('Slug').fill(other.slug);
    await form.getByLabel('Reason (kept on the record)').fill('Typo');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(() => form.getByRole('status').innerText()).toMatch(/slug .* names speaker/);
    expect((await request(t.app).get(`/v1/speakers/${a.slug}`).expect(200)).body.slug).toBe(a.slug);
    await page.close();
  });
});
