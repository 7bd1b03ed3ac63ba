/**
 * Headless Chromium for the console's browser tests (Debian's, at CHROMIUM_PATH): one page, and
 * the console errors and uncaught exceptions it met (a test ends by asserting there were none);
 * signing an operator in through the console's form.
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
  // A context of its own (not browser.newPage's), so that a test can open more pages in the same signed-in session.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { browser, page, consoleErrors };
}

/** Opens the console and signs in through its form; resolves once the top bar names the operator. */
export async function signInToConsole(page: Page, apiUrl: string, name: string, password: string): Promise<void> {
  await page.goto(`${apiUrl}/dashboard/`);
  await page.getByTestId('operator-input').fill(name);
  await page.getByTestId('password-input').fill(password);
  await page.getByTestId('login-submit').click();
  await page.locator(`[data-testid=signed-in-as]:text-is("${name}")`).waitFor();
}
