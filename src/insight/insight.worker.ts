/**
 * The insight worker: measures "Why it matters" for one problem with the course's own code (the problem
 * folder's insight.ts), off the page's thread, and streams progress and points as it goes. One session per
 * worker; the page terminates it to cancel. The learner's code never runs here (their point is measured in
 * the sandbox, src/worker/).
 */
import * as v from 'valibot';
import { insights } from 'virtual:course-insights';
import { readyTf } from '../worker/tf.ts';
import type { InsightStartMessage, InsightWorkerMessage } from './insight-messages.ts';
import { measureInsight } from './measure-insight.ts';

const StartSchema = v.object({
  type: v.literal('start'),
  slug: v.pipe(v.string(), v.maxLength(200)),
  budgetBytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  timeTargetMs: v.optional(v.pipe(v.number(), v.finite(), v.minValue(1))),
});

type WorkerScope = { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: InsightWorkerMessage): void };
const scope = self as unknown as WorkerScope;
const post = (message: InsightWorkerMessage) => scope.postMessage(message);

async function serve(start: InsightStartMessage): Promise<void> {
  const load = insights[start.slug];
  if (!load) {
    post({ type: 'failed', message: `this build has no "Why it matters" for ${start.slug}` });
    return;
  }
  const [tf, problem] = await Promise.all([readyTf(), load()]);
  const result = await measureInsight(tf, problem, {
    slug: start.slug,
    budgetBytes: start.budgetBytes,
    ...(start.timeTargetMs === undefined ? {} : { timeTargetMs: start.timeTargetMs }),
    now: () => performance.now(),
    onProgress: (progress) => post({ type: 'progress', progress }),
    onPoint: (point) => post({ type: 'point', point }),
    onInput: (inputs, factoryInputs) => post({ type: 'input', inputs, factoryInputs }),
  });
  post({ type: 'result', result });
}

scope.onmessage = (event: MessageEvent) => {
  const parsed = v.safeParse(StartSchema, event.data);
  if (!parsed.success) return;
  scope.onmessage = null;
  serve(parsed.output).catch((error: unknown) => {
    post({ type: 'failed', message: `measuring failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 2000) });
  });
};
