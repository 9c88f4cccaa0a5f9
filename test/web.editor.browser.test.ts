import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accessibilityViolations, startBrowser, type BrowserHarness } from './support/browser.ts';
import { addQuote, addSpeaker } from './support/search-fixtures.ts';
import { createTestApp, unique, type TestApp } from './support/test-app.ts';

/** The editors' tools in Chromium: a key entered once per visit, corrections through the JSON API. */
describe('editor tools in Chromium', () => {
  let t: TestApp;
  let b: BrowserHarness;
  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    b = await startBrowser(t.app);
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

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
    await form.getByRole('button', { name: 'Save correction' }).click();
    await expect.poll(async () => (await request(t.app).get(`/v1/quotes/${q}`)).body.kind).toBe('indirect');
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.kicker').innerText()).toMatch(/reported speech/i);
    const history = (await request(t.app).get(`/v1/quotes/${q}/history`).expect(200)).body.revisions;
    expect(history[0]).toMatchObject({ reason: 'Paraphrased in the source', actor: { name: 'test editor' }, changes: { kind: { after: 'indirect' }, venue: { after: 'a press briefing' } } });
    expect(Object.keys(history[0].changes).sort()).toEqual(['kind', 'venue']);

    // The page lists the correction for every reader, and an editor undoes it from there.
    const listed = page.locator(`#revision-${history[0].id}`);
    await expect.poll(() => listed.innerText()).toMatch(/Corrected by test editor[\s\S]*Why: Paraphrased in the source/);
    expect(await accessibilityViolations(page)).toEqual([]);
    const undo = listed.locator('form');
    await undo.getByLabel('Reason (kept on the record)').fill('It was a direct quote after all');
    await undo.getByRole('button', { name: 'Undo this change' }).click();
    await expect.poll(async () => (await request(t.app).get(`/v1/quotes/${q}`)).body.kind).toBe('direct');
    await page.waitForLoadState('load');
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
    await add.getByRole('button', { name: 'Add affiliation' }).click();
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations.length).toBe(1);
    const affiliation = (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations[0];
    expect(affiliation).toMatchObject({ role: 'senior analyst', validFrom: '2019', validTo: null, organization: { name: org } });
    await page.waitForLoadState('load');
    const edit = page.locator(`#affiliation-${affiliation.id}`);
    await edit.getByLabel('Until').fill('2023-06');
    await edit.getByLabel('Reason (kept on the record)').fill('Left in June 2023');
    await edit.getByRole('button', { name: 'Save affiliation' }).click();
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.affiliations[0].validTo).toBe('2023-06');
    await page.waitForLoadState('load');
    const ids = page.locator('#external-ids');
    await ids.getByLabel('Add: scheme').fill('wikidata');
    await ids.getByLabel('Add: value').fill(`Q${Date.now()}`);
    await ids.getByLabel('Reason (kept on the record)').fill('Matched by hand');
    await ids.getByRole('button', { name: 'Save IDs' }).click();
    await expect.poll(async () => (await request(t.app).get(`/v1/speakers/${s.slug}`)).body.externalIds.length).toBe(1);
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.revision').count()).toBe(3);
    expect(await accessibilityViolations(page)).toEqual([]);
    const history = (await request(t.app).get(`/v1/speakers/${s.slug}/history`)).body.revisions;
    expect(history.map((r: { changes: Record<string, unknown> }) => Object.keys(r.changes))).toEqual([['externalIds'], ['affiliations'], ['affiliations']]);
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
