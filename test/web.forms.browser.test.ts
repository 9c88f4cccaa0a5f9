import { describe, expect, it } from 'vitest';
import { MAX_CLAIM_CHARS } from '../src/http/routes/verify.schemas.ts';
import { useSeededBrowser } from './support/browser.ts';

describe('forms, icons and /docs in Chromium', () => {
  const { b } = useSeededBrowser();

  it('when any page or /docs is opened, then no request fails, and the icon it names loads as an image', async () => {
    for (const path of ['/', '/check', '/quotes/3', '/speakers/lim-eul-chul', '/docs/']) {
      const page = await b.newPage();
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(`${b.baseUrl}${path}`, { waitUntil: 'networkidle' });
      const icons = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => (l as unknown as { href: string }).href));
      expect(icons.length, path).toBeGreaterThan(0);
      for (const href of icons) {
        const icon = await b.context.request.get(href);
        expect(icon.status(), href).toBe(200);
        expect(icon.headers()['content-type'], href).toMatch(/^image\//);
      }
      expect(failed, path).toEqual([]);
      await page.close();
    }
    expect((await b.context.request.get(`${b.baseUrl}/favicon.ico`)).status()).toBe(200);
  });

  it('when a date is typed as YYYY-MM-DD in a search filter, then the field shows it so and the search applies it; another format is refused', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/?q=ambassadorial`);
    await page.getByText('Filters', { exact: true }).click();
    const from = page.getByLabel('Said from');
    await from.fill('05/06/2025');
    expect(await from.evaluate((el) => (el as unknown as { validity: { patternMismatch: boolean } }).validity.patternMismatch)).toBe(true);
    await from.fill('2025-05-06');
    expect(await from.evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(true);
    await page.getByLabel('Said until').fill('2025-05-06');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/from=2025-05-06/);
    expect(await page.getByLabel('Said from').inputValue()).toBe('2025-05-06');
    expect(await page.locator('.result mark').first().innerText()).toBe('ambassadorial');
    await page.close();
  });

  it('when a claim longer than the API takes is pasted into the check form, then the form keeps only what the API accepts', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/check`);
    const text = page.getByLabel('Quote to check');
    await text.focus();
    await page.keyboard.insertText('word '.repeat(MAX_CLAIM_CHARS));
    expect((await text.inputValue()).length).toBe(MAX_CLAIM_CHARS);
    await page.getByLabel('Said on (optional)').fill('2025-05-06');
    expect(await page.getByLabel('Said on (optional)').inputValue()).toBe('2025-05-06');
    await page.close();
  });

  it('when /docs opens, then search is the first operation and nothing can be executed before "Try it out"', async () => {
    const page = await b.newPage();
    await page.goto(`${b.baseUrl}/docs/`);
    const operations = page.locator('.opblock-summary-path');
    await expect.poll(() => operations.count()).toBeGreaterThan(10);
    expect((await operations.first().innerText()).trim()).toBe('/v1/quotes');
    expect(await page.locator('.opblock-tag').first().innerText()).toMatch(/^quotes/);
    await page.locator('.opblock-summary').first().click();
    await expect.poll(() => page.getByRole('button', { name: 'Try it out' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Execute' }).count()).toBe(0);
    await page.close();
  });
});
