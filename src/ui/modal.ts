/**
 * True while a modal dialog is open (Why it matters, the comparison, the solution's confirmation). The page's
 * own shortcuts must then stay quiet: what they act on sits behind the modal, out of the learner's reach.
 * Every dialog of the page is opened with showModal(), so an open one is a modal one; the target check also
 * covers a key that starts inside a dialog whichever way it was opened.
 */
export function isModalDialogOpen(target: EventTarget | null): boolean {
  if (target instanceof Element && target.closest('dialog[open]') !== null) return true;
  return document.querySelector('dialog[open]') !== null;
}
