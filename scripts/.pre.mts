import { launchChromium, problemUrl, serveDist } from './browser.ts';
const site = await serveDist();
const browser = await launchChromium();
for (const [name, viewport, mobile, scheme] of [['desktop-light', { width: 1400, height: 900 }, false, 'light'], ['phone-dark', { width: 390, height: 844 }, true, 'dark']] as const) {
  const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile, colorScheme: scheme });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await context.route(/assets\/index-.*\.js$/, async (route) => { await gate; await route.continue(); });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(problemUrl(site, 'fixed-point-sqrt'), { waitUntil: 'commit' });
  await page.locator('textarea:visible').first().waitFor(); await page.waitForTimeout(300);
  await page.screenshot({ path: `/work/shots/prerender/${name}-before-js.png` });
  // type into the pre-rendered text area
  const ta = page.locator('textarea:visible').first();
  await ta.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// typed before the JavaScript', { delay: 20 });
  release();
  await page.waitForFunction(() => (window as any).__kataEditor?.getValue()?.includes('typed before'), null, { timeout: 30000 }).catch(() => console.log('NOT handed over'));
  const value = await page.evaluate(() => (window as any).__kataEditor?.getValue());
  console.log(name, 'ends with', JSON.stringify(value?.slice(-40)));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/work/shots/prerender/${name}-after-js.png` });
  console.log(name, 'errors', errors);
  await context.close();
}
await browser.close(); await site.close();
