import { useRef, useState } from 'react';
import { SHARE_BUTTON_ID } from './share/ShareNotices.tsx';
import { readTextFile } from './state/files.ts';
import { VERSIONS_BUTTON_ID, VERSIONS_PANEL_ID } from './versions/VersionsPanel.tsx';

export type ToolbarProps = {
  running: boolean;
  /** The Run shortcut's label, or null where there is no keyboard to press it (touch screens). */
  runShortcut: string | null;
  saveFailed: boolean;
  hintsLeft: number;
  onRun(): void;
  onStop(): void;
  onShowHints(): void;
  onReset(): void;
  onDownload(): void;
  /** Called with the text of a file the learner chose to open. */
  onOpen(text: string): void;
  /** Copies a link that opens this problem with the editor's code. */
  onShare(): void;
  versionCount: number;
  versionsOpen: boolean;
  onVersions(): void;
};

const MORE_MENU_ID = 'toolbar-more';

export function Toolbar(props: ToolbarProps) {
  const { running, runShortcut, saveFailed, hintsLeft, onRun, onStop, onShowHints, onReset, onDownload, onOpen } = props;
  const { onShare, versionCount, versionsOpen, onVersions } = props;
  const fileInput = useRef<HTMLInputElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const moreMenu = useRef<HTMLDivElement>(null);
  const [openError, setOpenError] = useState<string | null>(null);

  const openChosenFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setOpenError(null);
      onOpen(await readTextFile(file));
    } catch (error) {
      setOpenError(error instanceof Error ? error.message : String(error));
    } finally {
      // Choosing the same file again must fire a change again.
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  // The menu is a popover (light dismiss and Escape come with it); it opens under its button.
  const placeMenu = () => {
    const button = moreButton.current?.getBoundingClientRect();
    const menu = moreMenu.current;
    if (!button || !menu) return;
    menu.style.top = `${button.bottom + 4}px`;
    menu.style.left = `${Math.max(8, button.right - menu.offsetWidth)}px`;
  };
  const fromMenu = (action: () => void) => () => {
    moreMenu.current?.hidePopover();
    action();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Run controls">
      <button
        type="button"
        className="button button--primary"
        onClick={onRun}
        aria-keyshortcuts={runShortcut === null ? undefined : 'Control+Enter Meta+Enter'}
      >
        {running ? 'Run again' : 'Run'}
        {runShortcut !== null && <kbd>{runShortcut}</kbd>}
      </button>
      {running && (
        <button type="button" className="button" onClick={onStop}>
          Stop
        </button>
      )}
      <button type="button" className="button button--quiet" onClick={onShowHints}>
        Hints{hintsLeft > 0 && <span className="button__count">{hintsLeft} left</span>}
      </button>
      <button id={SHARE_BUTTON_ID} type="button" className="button button--quiet" onClick={onShare}>
        Share
      </button>
      <button
        id={VERSIONS_BUTTON_ID}
        type="button"
        className="button button--quiet"
        aria-expanded={versionsOpen}
        // Only while the list is there: it names an element that exists.
        aria-controls={versionsOpen ? VERSIONS_PANEL_ID : undefined}
        onClick={onVersions}
      >
        Versions{versionCount > 0 && <span className="button__count">{versionCount}</span>}
      </button>
      <span className={`save-state${saveFailed || openError ? ' save-state--failed' : ''}`} role="status">
        {openError ?? (saveFailed ? 'Not saved: this browser refuses local storage' : 'Saved in this browser')}
      </span>
      <button
        ref={moreButton}
        type="button"
        className="button button--quiet"
        popoverTarget={MORE_MENU_ID}
        aria-label="More actions"
      >
        More <span aria-hidden="true">▾</span>
      </button>
      <div
        ref={moreMenu}
        id={MORE_MENU_ID}
        popover="auto"
        className="menu"
        onToggle={(event) => {
          if (event.newState === 'open') {
            placeMenu();
            moreMenu.current?.querySelector('button')?.focus();
          }
        }}
      >
        <button type="button" className="menu__item" onClick={fromMenu(onReset)}>
          Reset to starter
        </button>
        <button type="button" className="menu__item" onClick={fromMenu(onDownload)}>
          Download .ts
        </button>
        <button type="button" className="menu__item" onClick={fromMenu(() => fileInput.current?.click())}>
          Open file…
        </button>
      </div>
      <input
        ref={fileInput}
        type="file"
        accept=".ts,.js,.txt,text/plain"
        hidden
        onChange={(event) => void openChosenFile(event.target.files?.[0])}
      />
    </div>
  );
}
