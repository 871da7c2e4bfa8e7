import type { ProbeResult } from './measurements.ts';
import type { Plan } from './plan.ts';
import type { TapeRecord } from './report.ts';

/**
 * The tape to show the learner: that of the gradient probe whose call recorded the most operations (the
 * first such probe in the plan's order, so that a report is the same for the same measurements). Null when
 * no gradient probe returned a cost.
 */
export function costliestTape(plan: Plan, probes: readonly ProbeResult[]): TapeRecord | null {
  const byId = new Map(probes.map((result) => [result.probeId, result]));
  let worst: TapeRecord | null = null;
  for (const probe of plan.probes) {
    if (probe.kind !== 'vjp') continue;
    const result = byId.get(probe.id);
    if (result?.status !== 'returned' || !result.cost) continue;
    const { tapeNodes, operations, backwardKernels } = result.cost;
    if (worst !== null && tapeNodes <= worst.nodes) continue;
    worst = { probe: probe.label, nodes: tapeNodes, operations: [...operations], backwardKernels };
  }
  return worst;
}
