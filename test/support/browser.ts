/**
 * Headless Chromium for the console's browser tests (Debian's, at CHROMIUM_PATH): one page, and
 * the console errors and uncaught exceptions it met (a test ends by asserting there were none).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadTestConfig } from '@app/config';

export interface ConsoleBrowser {
  readonly browser: Browser;
  readonly page: Page;
  readonly consoleErrors: string[];
}

export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const browser = await chromium.launch({
    executablePath: loadTestConfig().chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { browser, page, consoleErrors };
}
