/**
 * src/worker/no-network.ts on its own: the learner's `tf.util` without `fetch`, and the host's network globals
 * deleted wherever on the prototype chain they are defined, on a made-up global object and on a real Node
 * worker thread's. (What learner code can reach end to end is tested through the CLI, tests/cli/network.test.ts,
 * and the page, tests/e2e/network.test.ts.)
 */
import * as tfCore from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { removeNetworkGlobals, withholdNetworkMembers } from '../../src/worker/no-network.ts';
import { listenOnLoopback, type LoopbackListener } from '../support/network.ts';

let listener: LoopbackListener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

describe("the learner's tf namespace", () => {
  it('gets a tf.util without fetch, and tfjs keeps its own', () => {
    const learnerTf: Record<string, unknown> = { ...tfCore };
    withholdNetworkMembers(learnerTf);
    const util = learnerTf['util'] as Record<string, unknown>;
    expect(Object.keys(util)).not.toContain('fetch');
    expect(Object.keys(util).sort()).toEqual(Object.keys(tfCore.util).filter((name) => name !== 'fetch').sort());
    expect(util['now']).toBe(tfCore.util.now);
    // A module namespace has no prototype: nothing to reach through one.
    expect(Reflect.getPrototypeOf(util)).toBe(Reflect.getPrototypeOf(tfCore.util));
    expect(typeof tfCore.util.fetch).toBe('function');
    expect(learnerTf['add']).toBe(tfCore.add);
  });
});

describe("the host's network globals", () => {
  it('are deleted where they are defined: on the global, on its prototypes, on its navigator', () => {
    const scopePrototype = { fetch: () => undefined, importScripts: () => undefined };
    const global = Object.create(scopePrototype) as Record<string, unknown>;
    global['WebSocket'] = class {};
    // Not configurable, but writable: it can be made undefined.
    Object.defineProperty(global, 'Worker', { value: class {}, writable: true, configurable: false });
    global['navigator'] = Object.create({ sendBeacon: () => true, userAgent: 'test' });
    global['postMessage'] = () => undefined;

    expect(removeNetworkGlobals(global)).toEqual(['fetch', 'WebSocket', 'importScripts', 'Worker', 'navigator.sendBeacon']);
    expect('fetch' in global).toBe(false);
    expect('fetch' in scopePrototype).toBe(false);
    expect('WebSocket' in global).toBe(false);
    expect(global['Worker']).toBeUndefined();
    expect('sendBeacon' in (global['navigator'] as object)).toBe(false);
    // What is not a way out stays.
    expect(typeof global['postMessage']).toBe('function');
    expect((global['navigator'] as { userAgent: string }).userAgent).toBe('test');
  });

  it('that cannot be deleted nor overwritten stop the sandbox from starting', () => {
    const frozenValue = {};
    Object.defineProperty(frozenValue, 'EventSource', { value: class {}, writable: false, configurable: false });
    expect(() => removeNetworkGlobals(frozenValue)).toThrow('the sandbox could not remove EventSource');

    const frozenGetter = Object.create({});
    Object.defineProperty(Reflect.getPrototypeOf(frozenGetter), 'fetch', { get: () => () => undefined, configurable: false });
    expect(() => removeNetworkGlobals(frozenGetter)).toThrow('the sandbox could not remove fetch');
  });

  it("are gone from a real Node worker thread's global, tfjs's own fetch refuses, and the thread's port still works", async () => {
    listener = await listenOnLoopback();
    const require = createRequire(import.meta.url);
    const thread = new Worker(
      new URL(
        `data:text/javascript,${encodeURIComponent(`
          import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
          import { parentPort } from 'node:worker_threads';
          import { createRequire } from 'node:module';
          register();
          const { removeNetworkAccess, NETWORK_GLOBALS } = await import(${JSON.stringify(new URL('../../src/worker/no-network.ts', import.meta.url).href)});
          const tf = createRequire(${JSON.stringify(pathToFileURL(require.resolve('@tensorflow/tfjs-core')).href)})(${JSON.stringify(require.resolve('@tensorflow/tfjs-core'))});
          const url = 'http://127.0.0.1:${listener.port}/';
          const present = () => NETWORK_GLOBALS.filter((name) => globalThis[name] !== undefined);
          const before = present();
          const fetchedBefore = await tf.util.fetch(url + 'before').then((response) => response.status, String);
          removeNetworkAccess(tf);
          const fetchedAfter = await tf.util.fetch(url + 'after').then((response) => response.status, String);
          parentPort.postMessage({ before, fetchedBefore, after: present(), fetchedAfter });
        `)}`,
      ),
      { execArgv: [] },
    );
    const report = await new Promise<Record<string, unknown>>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
    });
    await thread.terminate();
    expect(report).toEqual({
      // Node 20's; a later Node has WebSocket and EventSource too.
      before: expect.arrayContaining(['fetch', 'BroadcastChannel']),
      fetchedBefore: 204,
      after: [],
      fetchedAfter: 'TypeError: the sandbox has no network',
    });
    expect(listener.connections).toEqual(['GET /before HTTP/1.1']);
  }, 30_000);
});
