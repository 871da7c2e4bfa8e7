import { useSyncExternalStore } from 'react';
import { reloadToUpdate, subscribeToUpdate, updateState } from './offline.ts';
import './UpdateNotice.css';

/**
 * Offers a new build once its service worker is waiting. A polite live region that is always in the page
 * (a region added with its text is not announced everywhere), never a dialog, never taking the focus: the
 * learner may be typing, and decides when to reload. Reload saves the code first (offline.ts).
 */
export function UpdateNotice() {
  const state = useSyncExternalStore(subscribeToUpdate, updateState, () => 'none' as const);
  return (
    <div className="update-notice" role="status">
      {state !== 'none' && (
        <div className="update-notice__bar">
          <p className="update-notice__text">
            <strong>A new version is available</strong>
            <span className="update-notice__detail"> — reloading keeps your code.</span>
          </p>
          <button type="button" className="button button--primary" onClick={reloadToUpdate} disabled={state === 'reloading'}>
            {state === 'reloading' ? 'Reloading…' : 'Reload'}
          </button>
        </div>
      )}
    </div>
  );
}
