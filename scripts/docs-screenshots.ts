/**
 * Makes the README's screenshots (docs/images/*.png) with the browser tests' own tooling:
 * a freshly migrated and seeded database in a temporary directory, the real app on a loopback
 * port, and headless Chromium from test/support/browser.ts. Run with `npm run docs:screenshots`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createApp } from '../src/app.ts';
import { startRuntime } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createInProcessExtractor } from '../src/workers/extraction-pool.ts';
import { startBrowser } from '../test/support/browser.ts';

const IMAGES = path.resolve(import.meta.dirname, '../docs/images');

async function capture(page: Page, name: string): Promise<void> {
  const file = path.join(IMAGES, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(path.relative(process.cwd(), file));
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'whosaid-screenshots-'));
const config = loadConfig({ DATABASE_URL: `file:${path.join(dir, 'whosaid.db')}`, LOG_LEVEL: 'silent', SEED_ON_START: 'true' });
const logger = createLogger({ logLevel: 'silent' });
const runtime = await startRuntime(config, logger, { serving: true });
const browser = await startBrowser(createApp({ config, repos: runtime.repos, logger, extractor: createInProcessExtractor(config.reviewConfidenceThreshold) }));
try {
  const page = await browser.newPage({ width: 1100, height: 760 });

  await page.goto(`${browser.baseUrl}/?q=ambassadorial`);
  await page.locator('.result').first().waitFor();
  await capture(page, 'search');

  await page.locator('.result').first().getByRole('link', { name: /Provenance/ }).click();
  await page.waitForURL(/\/quotes\/\d+$/);
  await page.locator('.chain .source mark').first().waitFor();
  await capture(page, 'provenance');

  await page.setViewportSize({ width: 1100, height: 1180 });
  await page.goto(`${browser.baseUrl}/check`);
  await page.getByLabel('Quote to check').fill('North Korea will not be represented at the ambassadorial level');
  await page.getByLabel('Said by (optional)').fill('Ushakov');
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.diff ins').first().waitFor();
  await capture(page, 'check');
} finally {
  await browser.close();
  await runtime.db.close();
  rmSync(dir, { recursive: true, force: true });
}
