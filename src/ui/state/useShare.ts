import { useCallback, useEffect, useRef, useState } from 'react';
import { withoutSharePayload } from '../route.ts';
import { refusalMessage, SHARE_PAYLOAD_MAX_CHARS, shareArrival, sharedCodeIn, shareLinkOf } from '../share.ts';
import { useAnnouncement } from './useAnnouncement.ts';

/** What the learner is asked, or told, about a link they opened. */
export type ShareArrival =
  | { readonly kind: 'none' }
  /** Shared code that differs from theirs: Open or Keep mine. */
  | { readonly kind: 'offer'; readonly code: string }
  /** A link that cannot be opened, and why. */
  | { readonly kind: 'refused'; readonly message: string };

/** What came of the Share button. */
export type ShareOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'copied'; readonly href: string }
  /** The browser refused the clipboard: the link is shown to be copied by hand. */
  | { readonly kind: 'manual'; readonly href: string }
  | { readonly kind: 'too-long'; readonly payloadChars: number };

export type ShareState = {
  arrival: ShareArrival;
  /** Opens the offered code; the learner's own is kept as a version by `open`. */
  openShared(): void;
  keepMine(): void;
  /** Closes the news of a refused link. */
  dismissRefusal(): void;
  outcome: ShareOutcome;
  share(): Promise<void>;
  closeOutcome(): void;
  /** For a polite live region: what just happened, in a sentence. */
  announcement: string;
};

export type ShareOptions = {
  slug: string;
  starter: string;
  currentCode(): string;
  /** Puts shared code into the editor as one undoable edit, keeping the code it replaces as a version. */
  open(code: string): void;
  /** Where the focus goes once the offer is answered: the editor, to look at the code. */
  focusEditor(): void;
};

/** How long "Link copied" stays on screen; the live region has read it out long before. */
export const COPIED_SHOWN_MS = 6000;

/** The shared code is not the route: the address bar keeps the problem's URL without it, so a reload asks nothing. */
function clearSharedCodeFromAddressBar(): void {
  const hash = withoutSharePayload(window.location.hash);
  if (hash === window.location.hash) return;
  const url = new URL(window.location.href);
  url.hash = hash;
  history.replaceState(history.state, '', url.href);
}

/**
 * Share links, both ways: the Share button's link of the editor's code, and a link opened on this problem,
 * read when the workspace mounts and on every change of the fragment (a link pasted over the problem's own).
 * Opening a link never runs the code, and never replaces the learner's code without their yes.
 */
export function useShare({ slug, starter, currentCode, open, focusEditor }: ShareOptions): ShareState {
  const [arrival, setArrival] = useState<ShareArrival>({ kind: 'none' });
  const [outcome, setOutcome] = useState<ShareOutcome>({ kind: 'none' });
  const { announcement, announce } = useAnnouncement();

  // Read through a ref: the effect below runs once per problem, not whenever a callback changes.
  const latest = useRef({ starter, currentCode, open, focusEditor });
  latest.current = { starter, currentCode, open, focusEditor };

  useEffect(() => {
    const read = () => {
      const shared = sharedCodeIn(window.location.hash, slug);
      if (shared === null) return;
      if (!shared.ok) {
        setArrival({ kind: 'refused', message: refusalMessage(shared.reason) });
        return;
      }
      const { starter: start, currentCode: current, open: put } = latest.current;
      switch (shareArrival(current(), start, shared.code)) {
        case 'same':
          clearSharedCodeFromAddressBar();
          setArrival({ kind: 'none' });
          announce('The shared code is already in your editor.');
          return;
        case 'open':
          put(shared.code);
          clearSharedCodeFromAddressBar();
          setArrival({ kind: 'none' });
          announce('Opened the shared code. It has not been run. Reset to starter brings the starter back.');
          return;
        case 'ask':
          setArrival({ kind: 'offer', code: shared.code });
          announce('This link holds shared code. Open it, or keep yours: the choice is above the editor.');
          return;
      }
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, [slug, announce]);

  const openShared = useCallback(() => {
    if (arrival.kind !== 'offer') return;
    latest.current.open(arrival.code);
    clearSharedCodeFromAddressBar();
    setArrival({ kind: 'none' });
    announce('Opened the shared code. It has not been run. Your code is kept in Versions.');
    latest.current.focusEditor();
  }, [arrival, announce]);

  const keepMine = useCallback(() => {
    clearSharedCodeFromAddressBar();
    setArrival({ kind: 'none' });
    announce('Kept your code. The shared code was not opened.');
    latest.current.focusEditor();
  }, [announce]);

  const dismissRefusal = useCallback(() => {
    clearSharedCodeFromAddressBar();
    setArrival({ kind: 'none' });
    latest.current.focusEditor();
  }, []);

  const share = useCallback(async () => {
    const link = shareLinkOf(window.location.href, slug, latest.current.currentCode());
    if (!link.ok) {
      setOutcome({ kind: 'too-long', payloadChars: link.payloadChars });
      announce(
        `Your code is too long for a share link: ${link.payloadChars.toLocaleString('en')} characters compressed, at most ${SHARE_PAYLOAD_MAX_CHARS.toLocaleString('en')}. Download it instead, from More.`,
      );
      return;
    }
    try {
      await navigator.clipboard.writeText(link.href);
      setOutcome({ kind: 'copied', href: link.href });
      announce('Link copied');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the link is shown, selected, to copy by hand.
      setOutcome({ kind: 'manual', href: link.href });
      announce('The browser did not let the page copy the link: it is shown below the toolbar, selected, to copy.');
    }
  }, [slug, announce]);

  useEffect(() => {
    if (outcome.kind !== 'copied') return;
    const timer = setTimeout(() => setOutcome({ kind: 'none' }), COPIED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  return {
    arrival,
    openShared,
    keepMine,
    dismissRefusal,
    outcome,
    share,
    closeOutcome: useCallback(() => setOutcome({ kind: 'none' }), []),
    announcement,
  };
}
