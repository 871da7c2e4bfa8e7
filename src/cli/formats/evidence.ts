import type { Evidence } from '../../core/report.ts';
import { formatNumber } from '../../core/tensor.ts';

/** "expected 3, got 3.5 — the example x = [4, 9], element 1, input 9", for the text and JUnit formats. */
export function describeEvidence(evidence: Evidence): string {
  const where = [
    evidence.testCase,
    ...(evidence.index === undefined ? [] : [`element ${evidence.index}`]),
    ...(evidence.input === undefined ? [] : [`input ${formatValue(evidence.input)}`]),
  ];
  return `expected ${formatValue(evidence.expected)}, got ${formatValue(evidence.got)} — ${where.join(', ')}`;
}

function formatValue(value: number | string): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}
