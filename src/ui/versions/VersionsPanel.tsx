import { useEffect, useRef } from 'react';
import { firstDifferentLine, type Version, type VersionReason, type VersionVerdict } from '../state/versions.ts';
import './versions.css';

export const VERSIONS_PANEL_ID = 'versions-panel';
/** The toolbar's Versions button: the focus goes back to it when the list closes. */
export const VERSIONS_BUTTON_ID = 'toolbar-versions';

const REASON_LABELS = {
  run: 'Run',
  'shared-link': 'Replaced by a shared link',
  reset: 'Replaced by Reset',
  'open-file': 'Replaced by an opened file',
  'new-starter': 'Replaced by the new starter',
  restore: 'Replaced by a restore',
} as const satisfies Record<VersionReason, string>;

const VERDICT_LABELS = {
  passed: 'passed',
  failed: 'failed',
  error: 'error',
  timeout: 'timed out',
} as const satisfies Record<VersionVerdict, string>;

export type VersionsPanelProps = {
  open: boolean;
  /** Oldest first, as stored; shown newest first. */
  versions: readonly Version[];
  /** The editor's code now, kept up while the list is open: to say where each version differs from it. */
  currentCode: string;
  /** Read out politely: what a restore did. */
  announcement: string;
  onRestore(version: Version): void;
  onClose(): void;
};

/** "14:05", or "3 Dec, 14:05" for another day: the learner's own clock and language. */
export function versionTimeLabel(savedAt: string, now: Date = new Date()): string {
  const when = new Date(savedAt);
  const time = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return when.toDateString() === now.toDateString()
    ? time
    : `${when.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

/** What a restore would change: where the version first differs from the editor's code, with the size. */
export function versionDetail(version: Pick<Version, 'code'>, currentCode: string): string {
  const lines = version.code.split('\n').length;
  const size = `${lines} ${lines === 1 ? 'line' : 'lines'}`;
  const line = firstDifferentLine(version.code, currentCode);
  return line === null ? `${size}, the same as your code now` : `${size}, differs from yours from line ${line}`;
}

/**
 * The list of earlier versions of the learner's code, under the toolbar, each with Restore. A plain region,
 * not a dialog: the editor stays usable beside it. Escape or Close closes it and gives the focus back to the
 * Versions button.
 */
export function VersionsPanel({ open, versions, currentCode, announcement, onRestore, onClose }: VersionsPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  const close = () => {
    onClose();
    document.getElementById(VERSIONS_BUTTON_ID)?.focus();
  };
  const newestFirst = [...versions].reverse();

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {open && (
        <section
          id={VERSIONS_PANEL_ID}
          className="versions"
          aria-labelledby="versions-heading"
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            close();
          }}
        >
          <div className="versions__head">
            <h2 id="versions-heading" className="versions__title" ref={heading} tabIndex={-1}>
              Versions of your code
            </h2>
            <button type="button" className="button button--quiet versions__close" onClick={close}>
              Close
            </button>
          </div>
          {newestFirst.length === 0 ? (
            <p className="versions__empty">
              No versions yet. Each Run keeps one, and so does each Reset, opened file or shared link, with the code it
              replaced.
            </p>
          ) : (
            <>
              <p className="versions__note">
                Newest first. Restoring keeps your code now as a version too; Ctrl+Z in the editor undoes it.
              </p>
              <ol className="versions__list">
                {newestFirst.map((version, index) => {
                  const id = `version-${index}`;
                  const same = version.code === currentCode;
                  const verdict = version.verdict
                    ? VERDICT_LABELS[version.verdict]
                    : version.reason === 'run'
                      ? 'not judged'
                      : null;
                  return (
                    <li key={`${version.savedAt}-${index}`} className="versions__item" data-verdict={version.verdict ?? 'none'}>
                      <div className="versions__text" id={id}>
                        <p className="versions__what">
                          <time dateTime={version.savedAt}>{versionTimeLabel(version.savedAt)}</time>
                          {' · '}
                          {REASON_LABELS[version.reason]}
                          {verdict !== null && (
                            <>
                              {' · '}
                              <span className={`versions__verdict versions__verdict--${version.verdict ?? 'none'}`}>{verdict}</span>
                            </>
                          )}
                        </p>
                        <p className="versions__detail">{versionDetail(version, currentCode)}</p>
                      </div>
                      {!same && (
                        <button type="button" className="button" aria-describedby={id} onClick={() => onRestore(version)}>
                          Restore
                        </button>
                      )}
                    </li>
                  );
                })}
              </ol>
            </>
          )}
        </section>
      )}
    </>
  );
}
