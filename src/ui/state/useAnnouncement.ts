import { useCallback, useRef, useState } from 'react';

/**
 * The text for a live region's `count`th announcement. A live region reads a change of its text, so the same
 * sentence twice in a row would be read once: every other time it ends in a no-break space, which makes it new
 * to the region and sounds the same.
 */
export function announcementText(text: string, count: number): string {
  return count % 2 === 0 ? `${text}\u00a0` : text;
}

/** A polite live region's text, and `announce` to have a sentence read out, even the one it read last. */
export function useAnnouncement(): { announcement: string; announce(text: string): void } {
  const [announcement, setAnnouncement] = useState('');
  const count = useRef(0);
  const announce = useCallback((text: string) => {
    count.current += 1;
    setAnnouncement(announcementText(text, count.current));
  }, []);
  return { announcement, announce };
}
