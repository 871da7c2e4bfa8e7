/**
 * The pre-rendered page's text area hands over to the page's own. React renders the page over the pre-rendered
 * view (not `hydrateRoot`: the first render depends on what the learner has stored, which the build cannot
 * know, so the markup would not match for anyone but a first-time visitor), and that removes the text area the
 * learner may already be typing in. main.tsx reads it just before, in the same task as React's first commit, and
 * the page's CodeEditor opens with its text, selection, scroll and focus.
 */
import { chosenPrerenderedView } from './views.ts';

export type PrerenderedEditor = {
  readonly value: string;
  /** True when the learner typed (or pasted) into it: its value differs from what the boot script put there. */
  readonly edited: boolean;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly selectionDirection: 'forward' | 'backward' | 'none';
  readonly scrollTop: number;
  readonly focused: boolean;
};

let captured: PrerenderedEditor | null = null;

/** Where the learner had scrolled the pre-rendered page (the statement, say): child indexes from the view down. */
type ScrollPosition = { readonly path: readonly number[]; readonly top: number; readonly left: number };

/**
 * The scroll positions of the chosen view. React's first render makes the same elements in the same places
 * (for a first-time visitor, the same markup), so each position is put back on the element at the same path.
 */
export function captureScrollPositions(): ScrollPosition[] {
  const view = chosenPrerenderedView();
  if (!view) return [];
  const positions: ScrollPosition[] = [];
  const visit = (element: Element, path: number[]) => {
    if (element.scrollTop > 0 || element.scrollLeft > 0) positions.push({ path, top: element.scrollTop, left: element.scrollLeft });
    [...element.children].forEach((child, index) => visit(child, [...path, index]));
  };
  [...view.children].forEach((child, index) => visit(child, [index]));
  return positions;
}

/** Puts the positions back under `root` (the element React rendered into), where the elements are. */
export function restoreScrollPositions(root: Element, positions: readonly ScrollPosition[]): void {
  for (const { path, top, left } of positions) {
    let element: Element | undefined = root;
    for (const index of path) element = element?.children[index];
    if (element) element.scrollTo({ top, left, behavior: 'instant' });
  }
}

/** Reads the chosen view's text area, if it has one. */
export function capturePrerenderedEditor(): void {
  const textArea = chosenPrerenderedView()?.querySelector('textarea');
  if (!textArea) return;
  captured = {
    value: textArea.value,
    edited: textArea.value !== textArea.defaultValue,
    selectionStart: textArea.selectionStart,
    selectionEnd: textArea.selectionEnd,
    selectionDirection: textArea.selectionDirection === 'backward' ? 'backward' : textArea.selectionDirection === 'forward' ? 'forward' : 'none',
    scrollTop: textArea.scrollTop,
    focused: document.activeElement === textArea,
  };
}

/** What was captured, once: the first editor to mount takes it. */
export function takePrerenderedEditor(): PrerenderedEditor | null {
  const taken = captured;
  captured = null;
  return taken;
}
