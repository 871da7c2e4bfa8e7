import { describe, expect, it } from 'vitest';
import { announcementText } from '../../../src/ui/state/useAnnouncement.ts';

describe('a live announcement', () => {
  it('is new text each time, even for the same sentence, and sounds the same', () => {
    const sentence = 'Version restored.';
    const texts = [1, 2, 3, 4].map((count) => announcementText(sentence, count));
    for (let i = 1; i < texts.length; i++) expect(texts[i]).not.toBe(texts[i - 1]);
    // Only a no-break space tells them apart: nothing a screen reader says.
    expect(texts.map((text) => text.replace(/\u00a0$/, ''))).toEqual(Array<string>(4).fill(sentence));
  });
});
