import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { graderFor } from '../core/graders/index.ts';
import { judge } from '../core/judge.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import type { ConsoleLine } from '../core/measurements.ts';
import { PROBLEM_CONTENT } from '../problems/content.ts';
import { SandboxRunner } from '../worker/runner.ts';
import { CodeEditor, firstSyntaxErrorIn } from './editor/CodeEditor.tsx';
import { ResultsPanel, type RunView } from './results/ResultsPanel.tsx';
import { loadWork, saveWork } from './state/storage.ts';
import { useTheme } from './state/useTheme.ts';
import { Hints } from './statement/Hints.tsx';
import { ProblemStatement } from './statement/ProblemStatement.tsx';
import { Toolbar } from './Toolbar.tsx';
import { TopBar } from './TopBar.tsx';
import { RUN_SHORTCUT_LABEL } from './platform.ts';

/** Typing is saved after this pause; a run, a reload or leaving the page saves at once. */
const SAVE_DEBOUNCE_MS = 300;

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

  const saved = useMemo(() => loadWork(meta.slug), [meta.slug]);
  // The editor is controlled: Reset sets this state, and typing keeps it current so that a Reset to the
  // same text as before still replaces what was typed since.
  const [editorValue, setEditorValue] = useState(() => saved?.code ?? starter);
  const codeRef = useRef(editorValue);
  const [solved, setSolved] = useState(saved?.solved ?? false);
  const [hintsRevealed, setHintsRevealed] = useState(saved?.hintsRevealed ?? 0);
  const [saveFailed, setSaveFailed] = useState(false);
  const [view, setView] = useState<RunView>({ status: 'idle' });
  const { theme, preference, setPreference } = useTheme();

  const runner = useMemo(() => new SandboxRunner(createSandboxWorker), []);
  useEffect(() => {
    runner.warm();
    return () => runner.dispose();
  }, [runner]);

  // What is saved, read through a ref so that the save callbacks never see stale state.
  const persisted = useRef({ solved, hintsRevealed });
  persisted.current = { solved, hintsRevealed };
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saveNow = useCallback(() => {
    clearTimeout(saveTimer.current);
    const ok = saveWork(meta.slug, { code: codeRef.current, starter, ...persisted.current });
    setSaveFailed(!ok);
  }, [meta.slug, starter]);

  useEffect(() => {
    saveNow();
  }, [solved, hintsRevealed, saveNow]);

  useEffect(() => {
    const saveOnLeave = () => saveNow();
    const saveWhenHidden = () => document.visibilityState === 'hidden' && saveNow();
    window.addEventListener('pagehide', saveOnLeave);
    document.addEventListener('visibilitychange', saveWhenHidden);
    return () => {
      window.removeEventListener('pagehide', saveOnLeave);
      document.removeEventListener('visibilitychange', saveWhenHidden);
    };
  }, [saveNow]);

  const onCodeChange = useCallback(
    (code: string) => {
      codeRef.current = code;
      setEditorValue(code);
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(saveNow, SAVE_DEBOUNCE_MS);
    },
    [saveNow],
  );

  const run = useCallback(async () => {
    saveNow();
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
    if (report.verdict === 'passed') setSolved(true);
  }, [grader, meta, modelPath, runner, saveNow]);

  const stop = useCallback(() => {
    runner.cancel();
    setView({ status: 'idle' });
  }, [runner]);

  const reset = useCallback(() => {
    if (!window.confirm('Replace your code with the starter code? Your current code will be lost.')) return;
    codeRef.current = starter;
    setEditorValue(starter);
    saveNow();
  }, [saveNow, starter]);

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
      <TopBar title={meta.title} solved={solved} themePreference={preference} onThemePreference={setPreference} />
      <main className="workspace">
        <aside className="pane pane--statement" aria-label="Problem">
          <ProblemStatement html={problem.statementHtml} title={meta.title} />
          <Hints
            hints={[...problem.hintsHtml]}
            revealed={hintsRevealed}
            onReveal={() => setHintsRevealed((count) => count + 1)}
            solution={{ load: problem.loadSolution }}
          />
        </aside>
        <section className="pane pane--code" aria-label="Your solution">
          <Toolbar
            running={view.status === 'running'}
            runShortcut={RUN_SHORTCUT_LABEL}
            saveFailed={saveFailed}
            onRun={() => void run()}
            onStop={stop}
            onReset={reset}
          />
          <div className="editor-frame" id="editor">
            <CodeEditor
              value={editorValue}
              onChange={onCodeChange}
              onRun={() => void run()}
              theme={theme}
              ariaLabel="TypeScript code editor: your solution"
              modelPath={modelPath}
            />
          </div>
          <ResultsPanel view={view} runShortcut={RUN_SHORTCUT_LABEL} />
        </section>
      </main>
    </div>
  );
}
