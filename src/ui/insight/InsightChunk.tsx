/**
 * The "Why it matters" chunk's entry: the view bound to the measuring worker's client. Imported only by
 * useInsightView.tsx, when the learner first opens the view, so uPlot and the client load with it and not before.
 */
import { startInsight } from '../../insight/client.ts';
import { InsightView, type InsightViewProps } from './InsightView.tsx';

export function InsightDialog(props: Omit<InsightViewProps, 'start'>) {
  return <InsightView {...props} start={startInsight} />;
}
