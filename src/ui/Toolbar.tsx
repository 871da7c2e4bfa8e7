export type ToolbarProps = {
  running: boolean;
  runShortcut: string;
  saveFailed: boolean;
  onRun(): void;
  onStop(): void;
  onReset(): void;
};

export function Toolbar({ running, runShortcut, saveFailed, onRun, onStop, onReset }: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Run controls">
      <button type="button" className="button button--primary" onClick={onRun} aria-keyshortcuts="Control+Enter Meta+Enter">
        {running ? 'Run again' : 'Run'} <kbd>{runShortcut}</kbd>
      </button>
      {running && (
        <button type="button" className="button" onClick={onStop}>
          Stop
        </button>
      )}
      <button type="button" className="button button--quiet" onClick={onReset}>
        Reset to starter
      </button>
      <span className={`save-state${saveFailed ? ' save-state--failed' : ''}`} role="status">
        {saveFailed ? 'Not saved: this browser refuses local storage' : 'Saved in this browser'}
      </span>
    </div>
  );
}
