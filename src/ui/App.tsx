import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graderFor } from '../core/graders/index.ts';
import { judge } from '../core/judge.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import type { ConsoleLine } from '../core/measurements.ts';
import { PROBLEM_CONTENT } from '../problems/content.ts';
import { SandboxRunner } from '../worker/runner.ts';
import { CodeEditor, firstSyntaxErrorIn } from './editor/CodeEditor.tsx';
import { ResultsPanel, type RunView } from './results/ResultsPanel.tsx';
import { downloadText } from './state/files.ts';
import { useSavedWork } from './state/useSavedWork.ts';
import { useTheme } from './state/useTheme.ts';
import { registerOfflineSupport } from './offline.ts';
import { StarterUpdate } from './StarterUpdate.tsx';
import { Hints } from './statement/Hints.tsx';
import { ProblemStatement } from './statement/ProblemStatement.tsx';
import { Toolbar } from './Toolbar.tsx';
import { TopBar } from './TopBar.tsx';
import { RUN_SHORTCUT_LABEL } from './platform.ts';

function createSandboxWorker(): Worker {
  return new Worker(new URL('../worker/sandbox.worker.ts', import.meta.url), { type: 'module', name: 'kata-sandbox' });
}

/** The one stateful component: it owns the learner's code, the run and what is remembered; the rest take props. */
export function App() {
  const problem = PROBLEM_CONTENT[0];
  if (!problem) throw new Error('No problem found under src/problems');
  const { meta, starter } = problem;
  const grader = useMemo(() => graderFor(meta.grader), [meta.grader]);
  const modelPath = `file:///${meta.slug}/submission.ts`;

  const work = useSavedWork(meta.slug, starter);
  // The latest code for callbacks that must not change on every keystroke (Run, the shortcut).
  const codeRef = useRef(work.code);
  codeRef.current = work.code;
  const [view, setView] = useState<RunView>({ status: 'idle' });
  const { theme, preference, setPreference } = useTheme();

  const runner = useMemo(() => new SandboxRunner(createSandboxWorker), []);
  useEffect(() => {
    runner.warm();
    return () => runner.dispose();
  }, [runner]);

  const { markSolved, setCode } = work;
  const run = useCallback(async () => {
    const plan = grader.makePlan(meta);
    const lines: ConsoleLine[] = [];
    setView({ status: 'running', phase: null, console: { lines: [], droppedLines: 0 } });
    const measured = await runner.run(
      { source: codeRef.current, plan, timeLimitMs: meta.timeLimitMs },
      {
        onPhase: (phase) => setView((current) => (current.status === 'running' ? { ...current, phase } : current)),
        onConsole: (line) => {
          lines.push(line);
          setView((current) =>
            current.status === 'running' ? { ...current, console: { lines: [...lines], droppedLines: 0 } } : current,
          );
        },
      },
    );
    // null: a newer run, or Stop, replaced this one; its result is stale.
    if (!measured) return;
    const outcome = await withPreciseSyntaxError(measured, () => firstSyntaxErrorIn(modelPath));
    const report = judge(meta, grader, plan, outcome);
    setView({ status: 'done', report });
    if (report.verdict === 'passed') markSolved();
  }, [grader, markSolved, meta, modelPath, runner]);

  const stop = useCallback(() => {
    runner.cancel();
    setView({ status: 'idle' });
  }, [runner]);

  const reset = useCallback(() => {
    if (!window.confirm('Replace your code with the starter code? Ctrl+Z in the editor brings yours back.')) return;
    setCode(starter);
  }, [setCode, starter]);

  const download = useCallback(() => downloadText(`${meta.slug}.ts`, codeRef.current), [meta.slug]);
  const open = useCallback(
    (text: string) => {
      if (text === codeRef.current) return;
      if (!window.confirm('Replace the code in the editor with this file? Ctrl+Z in the editor brings yours back.')) return;
      setCode(text);
    },
    [setCode],
  );

  // Ctrl/Cmd+Enter runs from anywhere on the page, not only from inside the editor.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
      event.preventDefault();
      void run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [run]);

  return (
    <div className="app">
      <a className="skip-link" href="#editor">
        Skip to the editor
      </a>
      <TopBar title={meta.title} solved={work.solved} themePreference={preference} onThemePreference={setPreference} />
      <main className="workspace">
        <aside className="pane pane--statement" aria-label="Problem">
          <ProblemStatement html={problem.statementHtml} title={meta.title} />
          <Hints
            hints={[...problem.hintsHtml]}
            revealed={work.hintsRevealed}
            onReveal={work.revealHint}
            solution={{ load: problem.loadSolution }}
          />
        </aside>
        <section className="pane pane--code" aria-label="Your solution">
          <Toolbar
            running={view.status === 'running'}
            runShortcut={RUN_SHORTCUT_LABEL}
            saveFailed={!work.saved}
            onRun={() => void run()}
            onStop={stop}
            onReset={reset}
            onDownload={download}
            onOpen={open}
          />
          {work.newStarter !== null && (
            <StarterUpdate onTake={work.takeNewStarter} onKeep={work.keepMyCode} />
          )}
          <div className="editor-frame" id="editor">
            <CodeEditor
              value={work.code}
              onChange={setCode}
              onRun={() => void run()}
              theme={theme}
              ariaLabel="TypeScript code editor: your solution"
              modelPath={modelPath}
              onReady={registerOfflineSupport}
            />
          </div>
          <ResultsPanel view={view} runShortcut={RUN_SHORTCUT_LABEL} />
        </section>
      </main>
    </div>
  );
}
