// Opens Debian's Chromium for the brief's browser tests, with a fresh profile and no network
// features; fails with a clear message when Chromium is not installed.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface OpenBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Throws (never skips) when the browser is missing, saying how to install it. */
export function requireChromium(path: string = chromiumPath): string {
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. The brief's browser tests need Debian's chromium: run ` +
        '`apt-get install -y --no-install-recommends chromium fonts-dejavu-core` (CI does this in .ci/run).',
    );
  }
  return path;
}

export async function openChromium(path: string = chromiumPath): Promise<OpenBrowser> {
  const executablePath = requireChromium(path);
  const profile = mkdtempSync(join(tmpdir(), 'framewise-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...chromiumArgs],
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    offline: true,
    timeout: 30_000,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
