/** A built site the bench measures: ours (dist/) or the naive build, served from the same sub-path. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SITE_PREFIX, type StaticSite } from '../browser.ts';

export type TargetName = 'ours' | 'naive';

export type Target = {
  name: TargetName;
  /** The built site's folder. */
  dir: string;
  site: StaticSite;
  /** The build ships a service worker (sw.js): its second visit waits for it, and an offline visit is possible. */
  hasServiceWorker: boolean;
};

export function hasServiceWorker(dir: string): boolean {
  return existsSync(join(dir, 'sw.js'));
}

/** The path relative to the build's folder of what a URL of the site serves, if it is a file there. */
export function siteFile(url: string, target: Pick<Target, 'dir' | 'site'>): string | undefined {
  if (!url.startsWith(target.site.url)) return undefined;
  const path = decodeURIComponent(new URL(url).pathname.slice(SITE_PREFIX.length)) || 'index.html';
  const file = join(target.dir, path);
  return existsSync(file) && statSync(file).isFile() ? path : undefined;
}
