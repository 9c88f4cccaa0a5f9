import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumExecutable } from './chromium.ts';
import { createTestApp, whileAlive, type TestApp } from './test-app.ts';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/browser');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * WCAG 2.x A/AA violations on the page, found by axe-core (labels, contrast, names, landmarks).
 * Evaluated through the DevTools protocol, so the page's CSP does not have to allow it.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

export interface BrowserHarness {
  baseUrl: string;
  context: BrowserContext;
  /** Requests the pages tried to send to any host but the app (all blocked). */
  foreignRequests: string[];
  /** Loads the Content-Security-Policy refused (a page referring to another host, or inline code). */
  cspViolations: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Serves the app on a loopback port and drives it with headless Chromium from a fresh profile. */
export async function startBrowser(app: Express): Promise<BrowserHarness> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'whosaid-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: await chromiumExecutable(),
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  const foreignRequests: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${baseUrl}/`) || url.startsWith('data:')) {
      await route.continue();
    } else {
      foreignRequests.push(url);
      await route.abort();
    }
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl,
    context,
    foreignRequests,
    cspViolations,
    async newPage(viewport) {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      if (viewport !== undefined) await page.setViewportSize(viewport);
      return page;
    },
    async screenshot(page, name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The seeded app served to headless Chromium for the enclosing `describe`: both started before its first test,
 * the browser closed before the app after its last. Read them inside tests and hooks only.
 */
export function useSeededBrowser(): { t: TestApp; b: BrowserHarness } {
  let app: TestApp | null = null;
  let browser: BrowserHarness | null = null;
  beforeAll(async () => {
    // Chromium comes from an npm package (support/chromium.ts); without it a browser suite fails, never skips.
    app = await createTestApp({ seed: true });
    browser = await startBrowser(app.app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    browser = null;
    app = null;
  });
  return { t: whileAlive('useSeededBrowser', () => app), b: whileAlive('useSeededBrowser', () => browser) };
}
