import { useEffect, useRef, type ReactNode } from 'react';
import { TabPanel, Tabs } from '../layout/Tabs.tsx';
import { ProblemStatement } from './ProblemStatement.tsx';

export const PROBLEM_TABS = ['statement', 'hints'] as const;
export type ProblemTab = (typeof PROBLEM_TABS)[number];

export type ProblemPaneProps = {
  statementHtml: string;
  tab: ProblemTab;
  onTab(tab: ProblemTab): void;
  hintsRevealed: number;
  hintCount: number;
  /** The hints and the solution (see Hints). */
  hints: ReactNode;
  /** Counts the requests to open the hints from elsewhere (toolbar, results): each one moves focus there. */
  hintsFocusRequest: number;
};

const ID_PREFIX = 'problem';

/** The statement and the hints side by side as tabs, so the hints are one click away, not 6,000 px down. */
export function ProblemPane(props: ProblemPaneProps) {
  const { statementHtml, tab, onTab, hintsRevealed, hintCount, hints, hintsFocusRequest } = props;
  const hintsPanel = useRef<HTMLDivElement>(null);
  // The requests made before this pane was mounted (a layout swap remounts it) are not new ones.
  const handledRequests = useRef(hintsFocusRequest);
  useEffect(() => {
    if (hintsFocusRequest === handledRequests.current) return;
    handledRequests.current = hintsFocusRequest;
    // After the panel is shown: it may have been hidden in another tab.
    requestAnimationFrame(() => hintsPanel.current?.focus());
  }, [hintsFocusRequest]);
  return (
    <div className="problem-pane">
      <Tabs
        label="Problem"
        idPrefix={ID_PREFIX}
        className="tabs--problem"
        tabs={[
          { id: 'statement', label: 'Statement' },
          {
            id: 'hints',
            label: (
              <>
                Hints <span className="tabs__count">{Math.min(hintsRevealed, hintCount)}/{hintCount}</span>
              </>
            ),
          },
        ]}
        selected={tab}
        onSelect={onTab}
      />
      <TabPanel idPrefix={ID_PREFIX} id="statement" selected={tab === 'statement'} className="problem-pane__body" focusable>
        <ProblemStatement html={statementHtml} />
      </TabPanel>
      <TabPanel
        ref={hintsPanel}
        idPrefix={ID_PREFIX}
        id="hints"
        selected={tab === 'hints'}
        className="problem-pane__body"
        focusable
      >
        {hints}
      </TabPanel>
    </div>
  );
}
