import type { ReactNode } from 'react';
import { TabPanel, Tabs } from './Tabs.tsx';
import './layout.css';

export const NARROW_TABS = ['problem', 'code', 'results'] as const;
export type NarrowTab = (typeof NARROW_TABS)[number];

export type NarrowLayoutProps = {
  problem: ReactNode;
  codeHeader: ReactNode;
  editor: ReactNode;
  results: ReactNode;
  tab: NarrowTab;
  onTab(tab: NarrowTab): void;
  /** Shown in the Results tab, e.g. the verdict, so the learner sees it from the Code tab. */
  resultsBadge: ReactNode;
};

const ID_PREFIX = 'narrow';

/**
 * Phones and narrow windows: one pane at a time behind three tabs, so reading, editing and the results are
 * each a tap away instead of screens apart. The panes stay mounted (only hidden), so the editor keeps its
 * cursor and scroll position and the results their scroll.
 */
export function NarrowLayout({ problem, codeHeader, editor, results, tab, onTab, resultsBadge }: NarrowLayoutProps) {
  const panel = (id: NarrowTab, className: string, children: ReactNode) => (
    <TabPanel idPrefix={ID_PREFIX} id={id} selected={tab === id} className={`layout__pane ${className}`}>
      {children}
    </TabPanel>
  );
  return (
    <div className="layout layout--narrow">
      <Tabs
        label="Views"
        idPrefix={ID_PREFIX}
        className="tabs--views"
        tabs={[
          { id: 'problem', label: 'Problem' },
          { id: 'code', label: 'Code' },
          { id: 'results', label: <>Results {resultsBadge}</> },
        ]}
        selected={tab}
        onSelect={onTab}
      />
      {panel('problem', '', problem)}
      {panel(
        'code',
        'layout__pane--work',
        <>
          {codeHeader}
          <div className="layout__editor">{editor}</div>
        </>,
      )}
      {panel('results', '', results)}
    </div>
  );
}
