import { launchBrowser } from '../e2e/harness';
const browser = await launchBrowser();
const page = await (
  await browser.newContext({ viewport: { width: 1400, height: 1000 } })
).newPage();
await page.goto('http://127.0.0.1:18711/');
await page.getByTestId('slo-panel').waitFor();
await page.locator('#services-title').scrollIntoViewIfNeeded();
await page.getByRole('button', { name: 'Show the pods of svc-2' }).click();
await page.locator('[data-testid^="pod-row-"]').first().waitFor();
await page.getByTestId('pod-filter-svc-2-Degraded').click();
await new Promise((r) => setTimeout(r, 1500));
await page.locator('#services-title').scrollIntoViewIfNeeded();
await page.screenshot({ path: '/tmp/web11-large2.png' });
await browser.close();
