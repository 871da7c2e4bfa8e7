/**
 * No network from the CLI's sandbox: a submission that tries every way out (tests/fixtures/network/) to a
 * listener on loopback, graded by the real command, reaches nothing, and is graded as its header says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { suiteFixturesOf } from '../support/fixtures.ts';
import { everyRouteSource, EVERY_ROUTE_EXPECTED, listenOnLoopback, type LoopbackListener } from '../support/network.ts';
import { grade, parseResults } from './run-grader.ts';

let listener: LoopbackListener | undefined;
let folder: string | undefined;
afterEach(async () => {
  await listener?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  listener = folder = undefined;
});

describe('npm run grade on a submission that tries every way onto the network', () => {
  it('lets it open no connection: the loopback listener gets nothing, and every route is absent or refused', async () => {
    const [fixture] = suiteFixturesOf('network');
    expect(fixture?.name).toBe('every-route.ts');
    listener = await listenOnLoopback();
    // The fixture aimed at this test's own listener, in a folder of its own.
    folder = mkdtempSync(join(tmpdir(), 'kata-network-'));
    const file = join(folder, 'every-route.ts');
    writeFileSync(file, everyRouteSource(listener.port));

    const { code, stdout, stderr } = await grade(file, '--format', 'json');
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    const [result] = parseResults(stdout).results;
    expect(result?.verdict).toBe(fixture?.expectedVerdict);
    expect(result?.checks.find((check) => check.status === 'failed')?.id).toBe(fixture?.failingCheck);
    expect(result?.console.lines.map((line) => line.text)).toEqual(EVERY_ROUTE_EXPECTED);
    expect(listener.connections).toEqual([]);

    // The listener does record what reaches it: nothing else did.
    const probe = await fetch(`http://127.0.0.1:${listener.port}/from-the-test`);
    expect(probe.status).toBe(204);
    expect(listener.connections).toEqual(['GET /from-the-test HTTP/1.1']);
  }, 60_000);
});
