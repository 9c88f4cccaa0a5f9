import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { accessibilityViolations, useSeededBrowser } from './support/browser.ts';
import { personName, unique } from './support/test-app.ts';

/** Evaluated in the page (a string: this project compiles without DOM types). */
const SIDEWAYS_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
/** The generated content before the opposite record's text: a quotation mark for direct quotes, none for reported speech. */
const OPPOSITE_OPENING_MARK = "getComputedStyle(document.querySelector('#check-result section.opposite blockquote p'), '::before').content";

/**
 * End to end in real headless Chromium against the seeded app. Screenshots go
 * to test-results/browser/ (gitignored) for a person to look at.
 */
describe('web pages in Chromium', () => {
  const { t, b } = useSeededBrowser();
  // Every page must work offline: nothing may come from another host (requests are blocked and listed, CSP refusals too).
  afterEach(() => {
    const foreign = [...b.foreignRequests.splice(0), ...b.cspViolations.splice(0)];
    expect(foreign).toEqual([]);
  });

  it('search "ambassadorial" finds Ushakov’s quote; its provenance shows TASS and the quote marked in the source text', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/`);
    await page.getByLabel('Search what was said').fill('ambassadorial');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=ambassadorial/);
    const result = page.locator('.result').filter({ hasText: 'represented at the ambassadorial level' });
    await expect.poll(() => result.count()).toBe(1);
    expect(await result.locator('mark').innerText()).toBe('ambassadorial');
    expect(await result.locator('.who').innerText()).toMatch(/Yury Ushakov, presidential aide/);
    expect(await result.locator('.meta').innerText()).toMatch(/2025-05-06.*TASS/s);
    await b.screenshot(page, 'search-ambassadorial');

    await result.getByRole('link', { name: /Provenance/ }).click();
    await page.waitForURL(/\/quotes\/\d+$/);
    const chain = page.locator('.chain').first();
    expect(await chain.locator('.hops li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Speaker\s+Yury Ushakov/i),
      expect.stringMatching(/^Said\s+briefing, 2025-05-06/i),
      expect.stringMatching(/^Relayed by\s+TASS/i),
      expect.stringMatching(/^Document\b.*2025-05-08/i),
    ]);
    expect(await chain.locator('.source mark').innerText()).toBe('North Korea will be represented at the ambassadorial level');
    // provenance.js scrolls each source box to its quote.
    await expect.poll(() => chain.locator('.source').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
    expect(await chain.locator('.source').innerText()).toContain('according to Russia’s state-run news agency TASS');
    await b.screenshot(page, 'provenance-ushakov');
    await page.close();
  });

  it('opens Lim Eul-chul’s page: affiliation timeline and quotes', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/?speaker=Lim`);
    await page.locator('.result .who a', { hasText: 'Lim Eul-chul' }).first().click();
    await page.waitForURL(/\/speakers\/lim-eul-chul$/);
    expect(await page.locator('h1').innerText()).toBe('Lim Eul-chul');
    expect(await page.locator('.timeline').innerText()).toMatch(/professor, Institute for Far Eastern Studies, Kyungnam University/);
    expect(await page.locator('.result').count()).toBe(4);
    expect(await page.locator('.result').allInnerTexts()).toContainEqual(expect.stringMatching(/undoubtedly inextricably linked/));
    await b.screenshot(page, 'speaker-lim-eul-chul');
    await page.close();
  });

  it('searching a person: "Ushakov North Korea" shows Ushakov’s quotes with a way back to the words; "Kim" offers every Kim', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/`);
    await page.getByLabel('Search what was said').fill('Mr. Ushakov North Korea');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=Mr/);
    expect(await page.locator('.speaker-match').innerText()).toMatch(/Showing quotes by Yury Ushakov .*that match\W+north korea/s);
    const speakers = await page.locator('.result .who').allInnerTexts();
    expect(speakers.length).toBeGreaterThan(0);
    expect(speakers.filter((who) => !who.startsWith('Yury Ushakov'))).toEqual([]);
    await b.screenshot(page, 'search-person');
    await page.getByRole('link', { name: /as words instead/ }).click();
    await page.waitForURL(/%22mr%22/);
    expect(await page.locator('.speaker-match').count()).toBe(0);

    await page.goto(`${b.baseUrl}/?q=Kim`);
    const candidates = page.locator('.candidates li');
    expect(await candidates.count()).toBe(4);
    await page.getByRole('link', { name: 'Kim Yong-nam' }).click();
    await page.waitForURL(/speaker=kim-yong-nam/);
    expect(await page.getByLabel('Speaker').inputValue()).toBe('kim-yong-nam');
    await b.screenshot(page, 'search-kim-chosen');
    await page.close();
  });

  it('the speakers page finds a person by title and family name, and their page lists the quotes about them', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/`);
    await page.getByRole('link', { name: 'Speakers' }).click();
    await page.waitForURL(/\/speakers$/);
    await page.getByLabel('Find a speaker').fill('President Putin');
    await page.keyboard.press('Enter');
    // The full listing has Putin too: wait for the answer to the name before reading it.
    await page.waitForURL(/\/speakers\?q=President/);
    expect(await page.locator('.count').innerText()).toBe('1 match for “President Putin”');
    const item = page.locator('.speaker-item').filter({ hasText: 'Vladimir Putin' });
    expect(await item.innerText()).toMatch(/wikidata Q7747/);
    await b.screenshot(page, 'speakers-putin');
    await page.goto(`${b.baseUrl}/speakers/kim-jong-un`);
    const about = page.locator('section[aria-labelledby="about-h"]');
    expect(await about.locator('.result').count()).toBeGreaterThanOrEqual(3);
    expect(await about.innerText()).toMatch(/Kim Jong-un and his troops will not attend/);
    await b.screenshot(page, 'speaker-kim-about');
    await page.close();
  });

  it('a document page shows the text with every quote marked; a marked quote leads to its provenance', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/?q=ambassador`);
    await page.locator('.result .outlet a').first().click();
    await page.waitForURL(/\/documents\/1$/);
    expect(await page.locator('h1').innerText()).toBe('Report from SEOUL, 2025-05-08');
    const marks = page.locator('.source a.qmark');
    expect(await marks.count()).toBeGreaterThanOrEqual(15);
    await b.screenshot(page, 'document-seed');
    await marks.filter({ hasText: 'ambassadorial level' }).click();
    await page.waitForURL(/\/quotes\/\d+$/);
    expect(await page.locator('blockquote').first().innerText()).toContain('North Korea will be represented at the ambassadorial level');
    await page.close();
  });

  it('a stored XSS attempt in a quote, speaker name and document renders as text everywhere', async () => {
    const token = unique('xss');
    const payload = `<img src=x onerror="window.__xss='${token}'"><script>window.__xss='${token}'</script> ${token} said it`;
    const speaker = await t
      .api()
      .post('/v1/speakers')
      .send({ name: `Mallory <b onmouseover=alert(1)>${token}</b>`, slug: `mallory-${token}`, kind: 'person' })
      .expect(201);
    const text = `Intro "</mark><svg onload=alert(1)>". She said: "${payload}" and left.`;
    const doc = await t.api().post('/v1/documents').send({ text, outlet: `<i>Evil Times ${token}</i>` }).expect(201);
    const start = text.indexOf(payload);
    const quote = await t
      .api()
      .post('/v1/quotes')
      .send({ speaker: speaker.body.slug, text: payload, kind: 'direct', evidence: { documentId: doc.body.id, start, end: start + payload.length } })
      .expect(201);

    const page = await b.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const [url, shot] of [
      [`/?q=${token}`, 'xss-search'],
      [`/speakers/${speaker.body.slug}`, 'xss-speaker'],
      [`/quotes/${quote.body.id}`, 'xss-provenance'],
    ] as const) {
      await page.goto(`${b.baseUrl}${url}`);
      const main = page.locator('main');
      expect(await main.innerText(), url).toContain(`<img src=x onerror="window.__xss='${token}'">`);
      expect(await main.innerText(), url).toContain(`<script>window.__xss='${token}'</script>`);
      expect(await main.locator('img, svg, script, b, i').count(), url).toBe(0);
      await page.locator('main').hover();
      expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss), url).toBeUndefined();
      await b.screenshot(page, shot);
    }
    expect(await page.locator('.source').innerText()).toContain('</mark><svg onload=alert(1)>');
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('check a quote: says plainly when /v1/verify is not there, and shows a verdict with a word diff when it is', async () => {
    const page = await b.newPage();
    await page.route('**/v1/verify', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/route_not_found', title: 'No such route', status: 404, code: 'route_not_found', detail: 'x' }),
      }),
    );
    await page.goto(`${b.baseUrl}/check`);
    await page.getByLabel('Quote to check').fill('North Korea will be represented at the ambassador level');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('#check-result').innerText()).toMatch(/not available on this server yet/);
    await b.screenshot(page, 'check-unavailable');

    await page.unroute('**/v1/verify');
    let sentKey: string | undefined;
    await page.route('**/v1/verify', (route) => {
      sentKey = route.request().headers().authorization;
      return route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: '/problems/authentication_required', title: 'x', status: 401, code: 'authentication_required', detail: 'This route needs an API key.' }),
      });
    });
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('#check-result').innerText()).toMatch(/needs an API key\. Enter a key above/);
    expect(sentKey).toBeUndefined();
    await page.getByLabel(/API key/).fill('ws_example_key');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => sentKey).toBe('Bearer ws_example_key');

    await page.unroute('**/v1/verify');
    const evil = `<img src=x onerror="window.__xss=1">`;
    await page.route('**/v1/verify', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          verdict: 'altered',
          confidence: 0.91,
          explanation: `One word differs: "ambassador" for "ambassadorial". ${evil}`,
          matches: [
            {
              // The shape of the verify branch's VerifyMatch (its schema is the contract once merged).
              quote: {
                id: 3,
                text: 'North Korea will be represented at the ambassadorial level',
                speaker: { id: 1, slug: 'yury-ushakov', name: 'Yury Ushakov', kind: 'person', description: null },
              },
              relation: 'near',
              similarity: 0.93,
              affiliationAtTime: [{ role: 'presidential aide', organization: { name: 'Russian Presidency (the Kremlin)' } }],
              flags: [{ code: 'word_changed', message: `A word was replaced ${evil}` }],
              provenance: { earliest: { documentId: 1, label: 'Report from SEOUL, 2025-05-08', outlet: null, title: null, dateline: 'SEOUL', publishedOn: '2025-05-08' }, relays: ['TASS'], documents: 1 },
              diff: [
                { op: 'equal', text: 'North Korea will be represented at the' },
                { op: 'removed', text: 'ambassadorial' },
                { op: 'added', text: 'ambassador' },
                { op: 'equal', text: `level ${evil}` },
              ],
            },
          ],
        }),
      }),
    );
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('.verdict').innerText()).toMatch(/altered · confidence 91%/);
    expect(await page.locator('.diff del').innerText()).toBe('ambassadorial');
    expect(await page.locator('.diff ins').innerText()).toBe('ambassador');
    expect(await page.locator('#check-result').innerText()).toContain(evil);
    expect(await page.locator('#check-result img').count()).toBe(0);
    expect(await page.locator('#check-result a.prov').getAttribute('href')).toBe('/quotes/3');
    expect(await page.locator('#check-result .who').innerText()).toBe('Yury Ushakov, presidential aide, Russian Presidency (the Kremlin)');
    expect(await page.locator('#check-result .meta').innerText()).toMatch(/first in Report from SEOUL, 2025-05-08 · via TASS/);
    expect(await page.locator('#check-result .flags').innerText()).toBe(`A word was replaced ${evil}`);
    await b.screenshot(page, 'check-verdict');
    await page.close();
  });

  it('check a quote against the real /v1/verify: a flipped negation is altered, shown with its word diff', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/check`);
    await page.getByLabel('Quote to check').fill('North Korea will not be represented at the ambassadorial level');
    await page.getByLabel('Said by (optional)').fill('Ushakov');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('.verdict').innerText()).toMatch(/^altered · confidence \d+%/);
    expect(await page.locator('.diff ins').first().innerText()).toBe('not');
    expect(await page.locator('#check-result').innerText()).toContain('Yury Ushakov');
    expect(await page.locator('#check-result a.prov').first().getAttribute('href')).toMatch(/^\/quotes\/\d+$/);
    await b.screenshot(page, 'check-real-verify');
    await page.close();
  });

  it('check a quote: the record\'s opposite is shown as reported speech (no quotation marks), differences by severity, ambiguous and unknown names; axe-clean', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/check`);
    await page.getByLabel('Quote to check').fill('Kim Jong Un will attend the Victory Day parade in Moscow');
    await page.getByLabel('Said by (optional)').fill('Presidential aide Ushakov');
    await page.getByRole('button', { name: 'Check' }).click();
    const opposite = page.locator('#check-result section.opposite');
    await expect.poll(() => opposite.count()).toBe(1);
    expect(await opposite.getByRole('heading').innerText()).toBe('The record says the opposite');
    const paraphrase = opposite.locator('blockquote.quote.indirect');
    expect(await paraphrase.innerText()).toContain('will not attend');
    // Reported speech: no opening quotation mark is drawn before it, and it is labelled as a paraphrase.
    expect(await page.evaluate(OPPOSITE_OPENING_MARK)).toMatch(/^(none|normal)$/);
    expect(await opposite.locator('.kind').innerText()).toMatch(/reported speech/i);
    expect(await page.locator('#check-result .difference-meaningful').first().innerText()).toMatch(/^Meaningful: subject/);
    expect(await page.locator('#check-result .claimed-speaker').innerText()).toMatch(/Said by: Yury Ushakov.*without “Presidential aide”/s);
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'check-opposite');

    await page.getByLabel('Quote to check').fill('I have named all the countries participating');
    await page.getByLabel('Said by (optional)').fill('Mr. Ushakov');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('.verdict').innerText()).toMatch(/^accurate/);
    expect(await page.locator('#check-result .severity').innerText()).toMatch(/cosmetic/);
    expect(await page.locator('#check-result .difference-cosmetic').innerText()).toMatch(/^Cosmetic: contraction/);

    await page.getByLabel('Quote to check').fill('major tank factory');
    await page.getByLabel('Said by (optional)').fill('Kim');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('#check-result .candidates li').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('#check-result .candidates').innerText()).toMatch(/Kim Jong-un, leader, North Korea/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Quote to check').fill('North Korea will be represented at the ambassadorial level');
    await page.getByLabel('Said by (optional)').fill('Dmitry Peskov');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => page.locator('.verdict').innerText()).toMatch(/^misattributed/);
    expect(await page.locator('#check-result .claimed-speaker').innerText()).toMatch(/Nobody known as “Dmitry Peskov”/);
    await b.screenshot(page, 'check-unknown-speaker');
    await page.close();
  });

  it('works by keyboard and on a phone-sized screen without sideways scrolling', async () => {
    const page = await b.newPage({ width: 375, height: 740 });
    await page.goto(`${b.baseUrl}/?q=ambassadorial%20OR%20artillery`);
    expect(await page.locator('.result').count()).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('q');
    expect(await page.evaluate(SIDEWAYS_OVERFLOW)).toBeLessThanOrEqual(0);
    await b.screenshot(page, 'phone-search');
    await page.goto(`${b.baseUrl}/quotes/3`);
    expect(await page.evaluate(SIDEWAYS_OVERFLOW)).toBeLessThanOrEqual(0);
    await b.screenshot(page, 'phone-provenance');
    for (const url of ['/documents/1', '/speakers?q=Kim', '/?q=Kim']) {
      await page.goto(`${b.baseUrl}${url}`);
      expect(await page.evaluate(SIDEWAYS_OVERFLOW), url).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  it('every page passes axe-core’s WCAG 2.1 A/AA checks (labels, contrast, names), on a phone too', async () => {
    const page = await b.newPage();
    const pages = [
      '/',
      '/?q=ambassadorial',
      '/?q=Ushakov%20North%20Korea',
      '/?q=Kim',
      '/?from=2025-02-30',
      '/speakers',
      '/speakers?q=Kim',
      '/speakers/lim-eul-chul',
      '/speakers/kim-jong-un',
      '/quotes/3',
      '/documents/1',
      '/check',
      '/editor',
      '/review',
      `/speakers/${unique('nobody-')}`,
    ];
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
      await page.setViewportSize(viewport);
      for (const url of pages) {
        await page.goto(`${b.baseUrl}${url}`);
        // Open the collapsed parts so their contents are checked too.
        for (const details of await page.locator('details').all()) await details.evaluate((el) => el.setAttribute('open', ''));
        expect(await accessibilityViolations(page), `${url} at ${viewport.width}px`).toEqual([]);
      }
    }
    await page.close();
    // Two dozen pages, each checked whole by axe: more than the default test time on a shared 2-core machine.
  }, 60_000);

  it('a quote and its variant wording link to each other with the word diff, axe-clean', async () => {
    const governor = personName().full;
    const ids: number[] = [];
    for (const words of ['I will not resign', 'I will now resign']) {
      const res = await t.api().post('/v1/documents').send({ text: `“${words},” Governor ${governor} said on ${unique('day')}.`, extract: true }).expect(201);
      ids.push(res.body.quotes[0].quoteId);
    }
    const [root, variant] = ids;
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/quotes/${variant}`);
    const section = page.locator('section.variants');
    expect(await section.locator(`a[href="/quotes/${root}"]`).count()).toBe(1);
    expect(await section.locator('del').innerText()).toBe('not');
    expect(await section.locator('ins').innerText()).toBe('now');
    expect(await accessibilityViolations(page)).toEqual([]);
    await b.screenshot(page, 'provenance-variant');
    await page.goto(`${b.baseUrl}/quotes/${root}`);
    expect(await page.locator(`section.variants a[href="/quotes/${variant}"]`).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('serves the interactive API docs from local files only', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor();
    const documented = Object.values((await request(t.app).get('/openapi.json')).body.paths as Record<string, object>).flatMap((p) => Object.keys(p));
    expect(await page.locator('.opblock').count()).toBe(documented.length);
    await b.screenshot(page, 'api-docs');
    await page.close();
  });
});
