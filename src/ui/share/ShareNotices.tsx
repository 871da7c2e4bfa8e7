import { useEffect, useRef } from 'react';
import { SHARE_PAYLOAD_MAX_CHARS } from '../share.ts';
import type { ShareArrival, ShareOutcome } from '../state/useShare.ts';
import './share.css';

/** The toolbar's Share button: the focus comes back to it when a notice of the Share button closes. */
export const SHARE_BUTTON_ID = 'toolbar-share';

export type ShareNoticesProps = {
  arrival: ShareArrival;
  outcome: ShareOutcome;
  /** Read out politely: "Link copied", what an answer did. */
  announcement: string;
  onOpen(): void;
  onKeep(): void;
  onDismissRefusal(): void;
  onCloseOutcome(): void;
};

const lineCount = (code: string) => code.split('\n').length;

/**
 * Above the editor: the offer of a link's code (Open / Keep mine, never a dialog, never forced), the news of a
 * link that could not be opened, and what came of the Share button. The live region is always in the page: a
 * region added together with its text is not read out everywhere.
 */
export function ShareNotices(props: ShareNoticesProps) {
  const { arrival, outcome, announcement, onOpen, onKeep, onDismissRefusal, onCloseOutcome } = props;
  const field = useRef<HTMLInputElement>(null);
  const manual = outcome.kind === 'manual';
  useEffect(() => {
    // The link is selected in its field: Ctrl+C, or a long press on a phone, copies it.
    if (manual) field.current?.select();
    if (manual) field.current?.focus();
  }, [manual]);
  const closeOutcome = () => {
    onCloseOutcome();
    document.getElementById(SHARE_BUTTON_ID)?.focus();
  };

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {arrival.kind === 'offer' && (
        <section className="notice share-offer" aria-labelledby="share-offer-question">
          <p className="notice__text">
            <strong id="share-offer-question">Open the shared code?</strong> Your code is kept as a version you can
            go back to. <span className="share-offer__size">The link holds {lineCount(arrival.code)} lines; they will not be run.</span>
          </p>
          <button type="button" className="button button--primary" onClick={onOpen}>
            Open
          </button>
          <button type="button" className="button" onClick={onKeep}>
            Keep mine
          </button>
        </section>
      )}
      {arrival.kind === 'refused' && (
        <div className="notice notice--error share-refused" role="alert">
          <p className="notice__text">{arrival.message}</p>
          <button type="button" className="button" onClick={onDismissRefusal}>
            Dismiss
          </button>
        </div>
      )}
      {outcome.kind === 'copied' && (
        // Read out by the live region above; this is for the eyes.
        <p className="share-copied" aria-hidden="true">
          <span className="share-copied__tick">✓</span> Link copied: it opens this problem with your code, without running it.
        </p>
      )}
      {outcome.kind === 'manual' && (
        <div className="notice share-manual">
          <label className="notice__text" htmlFor="share-link-field">
            The browser did not let the page copy the link. Copy it from here:
          </label>
          <input
            ref={field}
            id="share-link-field"
            className="share-manual__field"
            type="url"
            readOnly
            value={outcome.href}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button" onClick={closeOutcome}>
            Done
          </button>
        </div>
      )}
      {outcome.kind === 'too-long' && (
        <div className="notice notice--error">
          <p className="notice__text">
            Your code is too long for a share link: {outcome.payloadChars.toLocaleString('en')} characters compressed, at
            most {SHARE_PAYLOAD_MAX_CHARS.toLocaleString('en')}. Download it instead, from More.
          </p>
          <button type="button" className="button" onClick={closeOutcome}>
            Close
          </button>
        </div>
      )}
    </>
  );
}
