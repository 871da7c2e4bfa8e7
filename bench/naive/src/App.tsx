import { useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { monaco } from './monacoSetup';
import GradeWorker from './grade.worker?worker';
import type { GradeResult } from './grade.worker';
import statement from '../../../src/problems/fixed-point-sqrt/statement.md?raw';
import starter from '../../../src/problems/fixed-point-sqrt/starter.ts?raw';

const MODEL_PATH = 'file:///kata/fixed-point-sqrt.ts';
const RUN_TIMEOUT_MS = 30_000;

type Verdict = 'idle' | 'running' | GradeResult['verdict'];

/** The bench's hook, the same as the kata's (scripts/bench.ts reads it). */
type KataEditorHook = { getValue(): string; setValue(code: string): void; whenReady(): Promise<void> };
declare global {
  interface Window {
    __kataEditor?: KataEditorHook;
  }
}

async function typeScriptWorkerFor(model: monaco.editor.ITextModel) {
  const getWorker = await monaco.typescript.getTypeScriptWorker();
  return getWorker(model.uri);
}

function gradeInFreshWorker(compiled: string): Promise<GradeResult> {
  const worker = new GradeWorker();
  return new Promise<GradeResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result within ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<GradeResult>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      reject(new Error(event.message || 'the grading worker failed'));
    };
    worker.postMessage(compiled);
  }).finally(() => worker.terminate());
}

export function App() {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const runCount = useRef(0);
  const [verdict, setVerdict] = useState<Verdict>('idle');
  const [result, setResult] = useState<GradeResult | null>(null);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    const model = editor.getModel();
    if (!model) throw new Error('the editor has no model');
    const ready = typeScriptWorkerFor(model)
      .then((worker) => worker.getSemanticDiagnostics(model.uri.toString()))
      .then(() => undefined);
    window.__kataEditor = {
      getValue: () => model.getValue(),
      setValue: (code) => editor.executeEdits('paste', [{ range: model.getFullModelRange(), text: code }]),
      whenReady: () => ready,
    };
  };

  const run = async () => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const thisRun = ++runCount.current;
    setVerdict('running');
    let outcome: GradeResult;
    try {
      const output = await (await typeScriptWorkerFor(model)).getEmitOutput(model.uri.toString());
      const compiled = output.outputFiles.find((file) => file.name.endsWith('.js'))?.text;
      if (compiled === undefined) throw new Error('TypeScript emitted no JavaScript');
      outcome = await gradeInFreshWorker(compiled);
    } catch (error) {
      outcome = { verdict: 'error', summary: error instanceof Error ? error.message : String(error), checks: [] };
    }
    // A Run started since this one owns the results.
    if (thisRun !== runCount.current) return;
    setResult(outcome);
    setVerdict(outcome.verdict);
  };

  return (
    <main className="kata">
      <article className="statement">
        <h1>Fixed-point sqrt with an implicit gradient</h1>
        <Markdown remarkPlugins={[remarkGfm, remarkMath]} rehypePlugins={[rehypeKatex]}>
          {statement}
        </Markdown>
      </article>
      <section className="workspace">
        <div className="toolbar">
          <button type="button" onClick={() => void run()} disabled={verdict === 'running'}>
            Run
          </button>
        </div>
        <div className="editor">
          <Editor
            path={MODEL_PATH}
            defaultLanguage="typescript"
            defaultValue={starter}
            onMount={onMount}
            options={{ minimap: { enabled: false }, fontSize: 14, automaticLayout: true }}
          />
        </div>
        <section className="results" data-verdict={verdict} aria-live="polite">
          <h2>Results</h2>
          {verdict === 'idle' && <p className="results__summary">Press Run to grade your code.</p>}
          {verdict === 'running' && <p className="results__summary">Running…</p>}
          {verdict !== 'idle' && verdict !== 'running' && result && (
            <>
              <p className="results__summary">
                <strong>{verdict}</strong>: {result.summary}
                {result.backend && ` (tfjs backend: ${result.backend})`}
              </p>
              <ul>
                {result.checks.map((c) => (
                  <li key={c.name} className={c.passed ? 'pass' : 'fail'}>
                    {c.passed ? '✓' : '✗'} {c.name}: expected {c.expected.toPrecision(6)}, got {c.got.toPrecision(6)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </section>
    </main>
  );
}
