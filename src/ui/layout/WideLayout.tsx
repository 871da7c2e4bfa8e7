import { useEffect, useRef, type ReactNode } from 'react';
import { Group, Panel, Separator, useDefaultLayout, usePanelRef } from 'react-resizable-panels';
import { layoutStorage } from '../state/layoutStorage.ts';
import './layout.css';

export type WideLayoutProps = {
  problem: ReactNode;
  /** Above the editor: the toolbar and any notice. */
  codeHeader: ReactNode;
  editor: ReactNode;
  results: ReactNode;
  /** True once there are results to read: the results pane then gets room if it has little. */
  hasResults: boolean;
};

/** Below this share of the code column, results just arrived are given RESULTS_OPEN_PERCENT. */
const RESULTS_CRAMPED_PERCENT = 30;
const RESULTS_OPEN_PERCENT = 42;

/**
 * Desktop: the problem beside the code, the editor above the results, each in a pane that scrolls on its
 * own, with splitters a learner can drag or move with the arrow keys. The page itself never scrolls.
 */
export function WideLayout({ problem, codeHeader, editor, results, hasResults }: WideLayoutProps) {
  const columns = useDefaultLayout({ id: 'implicit-kata:layout:columns', storage: layoutStorage });
  const rows = useDefaultLayout({ id: 'implicit-kata:layout:rows', storage: layoutStorage });
  const resultsPanel = usePanelRef();

  // Only when results arrive where there were none: a split the learner chose, or restored, stays as it is.
  const hadResults = useRef(hasResults);
  useEffect(() => {
    const panel = resultsPanel.current;
    const arrived = hasResults && !hadResults.current;
    hadResults.current = hasResults;
    if (arrived && panel && panel.getSize().asPercentage < RESULTS_CRAMPED_PERCENT) {
      panel.resize(`${RESULTS_OPEN_PERCENT}%`);
    }
  }, [hasResults, resultsPanel]);

  return (
    <Group
      className="layout layout--wide"
      orientation="horizontal"
      defaultLayout={columns.defaultLayout}
      onLayoutChanged={columns.onLayoutChanged}
    >
      <Panel id="pane-problem" className="layout__pane" defaultSize="40%" minSize="240px">
        {problem}
      </Panel>
      <Separator className="splitter splitter--columns" aria-label="Resize the problem and the code" />
      <Panel id="pane-work" className="layout__pane layout__pane--work" minSize="440px">
        {codeHeader}
        <Group
          className="layout__rows"
          orientation="vertical"
          defaultLayout={rows.defaultLayout}
          onLayoutChanged={rows.onLayoutChanged}
        >
          <Panel id="pane-editor" className="layout__pane" defaultSize="80%" minSize="140px">
            {editor}
          </Panel>
          <Separator className="splitter splitter--rows" aria-label="Resize the editor and the results" />
          <Panel id="pane-results" className="layout__pane" panelRef={resultsPanel} minSize="84px">
            {results}
          </Panel>
        </Group>
      </Panel>
    </Group>
  );
}
