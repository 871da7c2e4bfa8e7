/** Every file of a built site with its size raw, gzip -9 and brotli (quality 11), and when a cold visit fetched it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { PHASES, type Phase } from './visit.ts';

export type Sizes = { raw: number; gzip: number; brotli: number };
export type Chunk = Sizes & { file: string; phase: Phase | 'not requested'; rounds: number };
export type Totals = Sizes & { files: number };

function sizesOf(path: string): Sizes {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function listFiles(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(root, join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Every file in `dir`, with the earliest phase any visit requested it in (`visits` holds each round's map),
 * by gzip size, largest first.
 */
export function chunkTable(dir: string, visits: Map<string, Phase>[]): Chunk[] {
  return listFiles(dir)
    .map((file): Chunk => {
      const phases = visits.map((files) => files.get(file)).filter((phase) => phase !== undefined);
      return {
        file,
        phase: PHASES.find((phase) => phases.includes(phase)) ?? 'not requested',
        rounds: phases.length,
        ...sizesOf(join(dir, file)),
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
}

export function total(chunks: Chunk[]): Totals {
  return {
    files: chunks.length,
    raw: chunks.reduce((sum, chunk) => sum + chunk.raw, 0),
    gzip: chunks.reduce((sum, chunk) => sum + chunk.gzip, 0),
    brotli: chunks.reduce((sum, chunk) => sum + chunk.brotli, 0),
  };
}

/** The cold visit's bytes: by phase, and everything requested until the first Run's verdict. */
export function byPhase(chunks: Chunk[]): { phases: Record<Phase, Totals>; downloaded: Totals; notRequested: Totals } {
  const phases = Object.fromEntries(PHASES.map((phase) => [phase, total(chunks.filter((chunk) => chunk.phase === phase))])) as Record<
    Phase,
    Totals
  >;
  return {
    phases,
    downloaded: total(chunks.filter((chunk) => chunk.phase !== 'not requested')),
    notRequested: total(chunks.filter((chunk) => chunk.phase === 'not requested')),
  };
}
