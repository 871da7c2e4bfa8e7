import { useMemo } from 'react';
import { OPERATION } from '../../core/measurements.ts';
import type { TapeRecord } from '../../core/report.ts';
import { foldTape, itemLength, type TapeItem } from './tapeFold.ts';
import { tapeMeaning } from './tapeWords.ts';
import './tape.css';

/**
 * The kernels a learner meets most, by the tf function they called: the tape says "RealDiv", their code
 * says `tf.div`. Only names known for sure; any other kernel is shown as TF.js names it.
 */
const TF_FUNCTION_OF_KERNEL: ReadonlyMap<string, string> = new Map(Object.entries({
  Add: 'tf.add',
  AddN: 'tf.addN',
  BatchMatMul: 'tf.matMul',
  RealDiv: 'tf.div',
  Exp: 'tf.exp',
  Log: 'tf.log',
  Multiply: 'tf.mul',
  Neg: 'tf.neg',
  OnesLike: 'tf.onesLike',
  ZerosLike: 'tf.zerosLike',
  Pow: 'tf.pow',
  Reciprocal: 'tf.reciprocal',
  Sqrt: 'tf.sqrt',
  Square: 'tf.square',
  Sub: 'tf.sub',
  Sum: 'tf.sum',
  Tanh: 'tf.tanh',
  Sin: 'tf.sin',
  Cos: 'tf.cos',
}));

/** Our own names for the nodes that are not a kernel's. Maps: a name such as `constructor` is no key of theirs. */
const MEANING_OF_NAME: ReadonlyMap<string, string> = new Map(Object.entries({
  [OPERATION.customGrad]: 'your tf.customGrad function, one node whatever it computes forward',
  [OPERATION.identity]: 'a copy of a tensor kept for the backward pass: save([y]) makes one, and each built-in op keeps its inputs so',
  [OPERATION.unknown]: 'a node the grader could not name',
}));

/** More top-level items than this and the sentence gives the count only; the list below has them all. */
const SENTENCE_ITEMS = 4;

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** "Identity, customGrad" or "OnesLike, then the same 9 operations 10 times". */
function inWords(items: readonly TapeItem[]): string {
  const folded = items.some((item) => item.kind === 'repeat');
  return items
    .map((item) => {
      if (item.kind === 'operation') return item.name;
      const [only] = item.body;
      if (item.body.length === 1 && only?.kind === 'operation') return `${only.name} ${item.times} times`;
      return `the same ${plural(itemLength(item) / item.times, 'operation')} ${item.times} times`;
    })
    .join(folded ? ', then ' : ', ');
}

function cellKind(name: string): 'custom' | 'copy' | 'kernel' {
  if (name === OPERATION.customGrad) return 'custom';
  if (name === OPERATION.identity) return 'copy';
  return 'kernel';
}

/**
 * What TF.js recorded on its tape while the learner's function ran under tf.grad: how many operations, which
 * (repeats folded), a strip of one cell per operation, and what that means. A disclosure, closed at first:
 * the checks come first.
 */
export function TapeView({ tape }: { tape: TapeRecord }) {
  const items = useMemo(() => foldTape(tape.operations), [tape.operations]);
  const notListed = tape.nodes - tape.operations.length;
  const recorded =
    tape.nodes === 0
      ? 'No operation was recorded while your function ran under tf.grad'
      : `${plural(tape.nodes, 'operation')} ${tape.nodes === 1 ? 'was' : 'were'} recorded while your function ran under tf.grad`;
  const listed =
    tape.nodes === 0
      ? '.'
      : items.length <= SENTENCE_ITEMS
        ? `: ${inWords(items)}${notListed > 0 ? `, and ${plural(notListed, 'more')}` : ''}.`
        : ', in this order:';
  return (
    <details className="tape" data-tape-nodes={tape.nodes}>
      <summary className="tape__summary">
        What TF.js recorded on the tape <span className="tape__badge">{plural(tape.nodes, 'operation')}</span>
      </summary>
      <div className="tape__body">
        <p className="tape__sentence">
          {recorded}
          {listed}
        </p>
        {tape.operations.length > 0 && <TapeStrip tape={tape} />}
        {tape.operations.length > 0 && <StripLegend names={tape.operations} />}
        {tape.operations.length > 0 && (
          <ol className="tape__ops" aria-label="Operations on the tape, in order">
            {items.map((item, index) => (
              <TapeEntry key={index} item={item} />
            ))}
            {notListed > 0 && <li className="tape__more">… and {plural(notListed, 'more operation')}, not listed</li>}
          </ol>
        )}
        <Glossary names={tape.operations} />
        <p className="tape__meaning">
          {tapeMeaning(tape)}
        </p>
        <p className="tape__probe">
          Measured while {tape.probe}, the gradient probe that taped the most; the gradients of these operations then
          ran {plural(tape.backwardKernels, 'kernel')} in the backward pass.
        </p>
      </div>
    </details>
  );
}

/** One cell per operation, so that 2 against 91 shows at a glance; its label counts them by name. */
function TapeStrip({ tape }: { tape: TapeRecord }) {
  const counts = new Map<string, number>();
  for (const name of tape.operations) counts.set(name, (counts.get(name) ?? 0) + 1);
  const byName = [...counts].map(([name, count]) => `${count} ${name}`).join(', ');
  const notDrawn = tape.nodes - tape.operations.length;
  const label = `One cell per operation: ${byName}${notDrawn > 0 ? `, and ${notDrawn} more not drawn` : ''}.`;
  return (
    <div className="tape__strip" role="img" aria-label={label}>
      {tape.operations.map((name, index) => (
        <span key={index} className={`tape__cell tape__cell--${cellKind(name)}`} />
      ))}
      {notDrawn > 0 && (
        <span className="tape__strip-more" aria-hidden="true">
          +{notDrawn.toLocaleString('en-US')}
        </span>
      )}
    </div>
  );
}

/** What the strip's cells are, for the kinds it draws; the strip's own label already says it in words. */
function StripLegend({ names }: { names: readonly string[] }) {
  const kinds = new Set(names.map(cellKind));
  const entries = [
    { kind: 'kernel', label: 'a kernel (a built-in op)' },
    { kind: 'copy', label: 'a copy kept for the backward pass' },
    { kind: 'custom', label: 'a customGrad' },
  ] as const;
  return (
    <ul className="tape__legend" aria-hidden="true">
      {entries
        .filter((entry) => kinds.has(entry.kind))
        .map((entry) => (
          <li key={entry.kind}>
            <span className={`tape__cell tape__cell--${entry.kind}`} />
            {entry.label}
          </li>
        ))}
    </ul>
  );
}

function TapeEntry({ item }: { item: TapeItem }) {
  if (item.kind === 'operation') {
    return (
      <li className={`tape__op tape__op--${cellKind(item.name)}`}>
        <code>{item.name}</code>
      </li>
    );
  }
  const [only] = item.body;
  if (item.body.length === 1 && only?.kind === 'operation') {
    return (
      <li className={`tape__op tape__op--${cellKind(only.name)}`}>
        <code>{only.name}</code>
        <span aria-hidden="true"> ×&nbsp;{item.times}</span>
        <span className="visually-hidden">, {item.times} times</span>
      </li>
    );
  }
  return (
    <li className="tape__group">
      <span className="tape__times" aria-hidden="true">
        ×&nbsp;{item.times}
      </span>
      <span className="visually-hidden">{item.times} times in a row:</span>
      <ol className="tape__ops tape__ops--inner">
        {item.body.map((inner, index) => (
          <TapeEntry key={index} item={inner} />
        ))}
      </ol>
    </li>
  );
}

/** What the names on this tape are, in the learner's terms: only those on it, in the order they first appear. */
function Glossary({ names }: { names: readonly string[] }) {
  const entries = [...new Set(names)].flatMap((term) => {
    const meaning = MEANING_OF_NAME.get(term) ?? TF_FUNCTION_OF_KERNEL.get(term);
    return meaning === undefined ? [] : [{ term, meaning }];
  });
  if (entries.length === 0) return null;
  return (
    <dl className="tape__glossary">
      {entries.map(({ term, meaning }) => (
        <div key={term} className="tape__gloss">
          <dt>
            <code>{term}</code>
          </dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}
