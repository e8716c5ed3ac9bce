// Playwright runs the browser tests in tests/browser/ against the release build in dist/.
//
// Chromium comes from Debian (/usr/bin/chromium), never from `playwright install`: nothing may be
// downloaded at test time except from crates.io, npm and apt. `./x test` builds dist/ first.
import { defineConfig } from '@playwright/test';
import { APP as BASE_URL, APP_PORT as PORT } from './tests/browser/origin';

export default defineConfig({
  testDir: 'tests/browser',
  outputDir: 'test-results',
  // Two CPU cores are shared by several people; more workers would only thrash.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: BASE_URL,
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          // --no-sandbox: containers usually run as root, where Chromium's sandbox cannot start.
          // The rest keep a headless run quiet and offline (no GPU, no QUIC, no update checks),
          // and keep headless Chromium from loading its omnibox popup pages in a renderer of
          // their own for every test's new context (about 0.3 s of CPU each time).
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node tests/browser/serve.mjs dist ${PORT}`,
    url: `${BASE_URL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
