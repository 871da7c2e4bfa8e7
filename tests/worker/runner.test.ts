/**
 * The runner keeps a warm worker waiting for the next Run: started as soon as a Run takes the one that was
 * waiting, not once that Run ends, and never more than one. Stand-in workers count what was started and
 * terminated; none of them ever answers, which is all these tests need (what a run sends and receives is
 * tested in the end-to-end tests, against the real sandbox).
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan.ts';
import { SandboxRunner, type RunRequest } from '../../src/worker/runner.ts';

class StandInWorker {
  terminated = false;
  onmessage: unknown = null;
  onerror: unknown = null;
  postMessage(_message: unknown, transfer: MessagePort[] = []): void {
    for (const port of transfer) port.close();
  }
  terminate(): void {
    this.terminated = true;
  }
}

function standInRunner(options?: { keepSpare?: boolean }) {
  const started: StandInWorker[] = [];
  const runner = new SandboxRunner(() => {
    const worker = new StandInWorker();
    started.push(worker);
    return worker as unknown as Worker;
  }, options);
  return { runner, started, waiting: () => started.filter((worker) => !worker.terminated).length };
}

// Never sent: the stand-in workers never say they are ready.
const request: RunRequest = { source: 'export {}', plan: { probes: [] } as unknown as Plan, timeLimitMs: 1_000 };

describe('SandboxRunner', () => {
  it('starts the next worker as soon as a Run takes the waiting one', async () => {
    const { runner, started, waiting } = standInRunner();
    runner.warm();
    expect(started).toHaveLength(1);
    const first = runner.run(request);
    // The Run took the warm worker, and the next one is already loading beside it.
    expect(started).toHaveLength(2);
    expect(waiting()).toBe(2);
    runner.cancel();
    expect(await first).toBeNull();
    expect(started[0]?.terminated).toBe(true);
    // The one waiting is kept: no third is started when the Run ends.
    expect(started).toHaveLength(2);
    expect(waiting()).toBe(1);

    const second = runner.run(request);
    expect(started).toHaveLength(3);
    expect(started[1]?.terminated).toBe(false);
    runner.dispose();
    expect(await second).toBeNull();
    expect(waiting()).toBe(0);
  });

  it('a Run that overtakes another takes the waiting worker and starts one more, never two', async () => {
    const { runner, started, waiting } = standInRunner();
    runner.warm();
    const first = runner.run(request);
    const second = runner.run(request);
    expect(await first).toBeNull();
    // The first Run's worker is gone; the second runs in the one that waited; one more waits.
    expect(started).toHaveLength(3);
    expect(waiting()).toBe(2);
    runner.dispose();
    expect(await second).toBeNull();
    expect(waiting()).toBe(0);
  });

  it('keeps no worker waiting when told not to', async () => {
    const { runner, started, waiting } = standInRunner({ keepSpare: false });
    runner.warm();
    expect(started).toHaveLength(0);
    const only = runner.run(request);
    expect(started).toHaveLength(1);
    runner.cancel();
    expect(await only).toBeNull();
    expect(waiting()).toBe(0);
    runner.dispose();
  });
});
