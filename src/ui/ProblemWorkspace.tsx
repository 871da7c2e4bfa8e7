import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { judge } from '../core/judge.ts';
import type { ConsoleLine } from '../core/measurements.ts';
import type { SourceLocation } from '../core/report.ts';
import { withPreciseSyntaxError } from '../core/syntax.ts';
import { drawRunSeed, withRunSeed } from '../core/run-seed.ts';
import type { ProblemContent } from '../problems/content.ts';
import { COURSE } from '../problems/course.ts';
import { SandboxRunner } from '../worker/runner.ts';
import { isComparisonOffered } from './diff/compare.ts';
import { ReferenceDiff } from './diff/ReferenceDiff.tsx';
import { CodeEditor, firstSyntaxErrorIn, type CodeEditorHandle } from './editor/CodeEditor.tsx';
import { NARROW_QUERY } from './layout/narrow.ts';
import { NarrowLayout, type NarrowTab } from './layout/NarrowLayout.tsx';
import { WideLayout } from './layout/WideLayout.tsx';
import { isModalDialogOpen } from './modal.ts';
import { registerOfflineSupport } from './offline.ts';
import { RUN_SHORTCUT_LABEL, TAB_FOCUS_SHORTCUT_LABEL } from './platform.ts';
import { insightOffered, useInsightView } from './insight/useInsightView.tsx';
import { editorMarksOf } from './results/editorMarks.ts';
import { RESULTS_HEADING_ID, ResultsPanel, verdictOf, type NextStep, type RunView } from './results/ResultsPanel.tsx';
import { ShareNotices } from './share/ShareNotices.tsx';
import { StarterUpdate } from './StarterUpdate.tsx';
import { downloadText } from './state/files.ts';
import { loadLastRun, saveLastRun } from './state/lastRun.ts';
import { useMediaQuery } from './state/useMediaQuery.ts';
import { useSavedWork } from './state/useSavedWork.ts';
import { useShare } from './state/useShare.ts';
import { useVersions } from './state/useVersions.ts';
import type { Version } from './state/versions.ts';
import type { ThemeState } from './state/useTheme.ts';
import { Hints } from './statement/Hints.tsx';
import { ProblemPane, type ProblemTab } from './statement/ProblemPane.tsx';
import { solutionOfferOf } from './statement/solutionOffer.ts';
import { Toolbar } from './Toolbar.tsx';
import { TopBar } from './TopBar.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';
import { VersionsPanel } from './versions/VersionsPanel.tsx';

/** A touch screen without a fine pointer: no keyboard shortcut is offered. */
export const TOUCH_QUERY = '(pointer: coarse) and (not (any-pointer: fine))';

function createSandboxWorker(): Worker {
  return new Worker(new URL('../worker/sandbox.worker.ts', import.meta.url), { type: 'module', name: 'kata-sandbox' });
}

export type ProblemWorkspaceProps = {
  problem: ProblemContent;
  courseTitle: string;
  /** Where a pass leads: the next problem of the course, or the index after the last. */
  next: NextStep;
  themeState: ThemeState;
  /** True when the learner came from another page of the course: the problem's heading takes the focus. */
  focusHeading: boolean;
};

/**
 * One problem's workspace: it owns the run, the panes and what is remembered for the problem; the rest take
 * props. The page mounts one per problem (keyed by its slug), so switching problems starts from that
 * problem's own saved work, and a Run of the problem left behind cannot land.
 */
export function ProblemWorkspace({ problem, courseTitle, next, themeState, focusHeading }: ProblemWorkspaceProps) {
  const { meta, starter, grader } = problem;
  const modelPath = `file:///${meta.slug}/submission.ts`;

  const work = useSavedWork(meta.slug, starter);
  const versions = useVersions(meta.slug, starter);
  const { keep: keepVersion, judged } = versions;
  // The code the Versions panel compares each version with, or null while it is closed: kept up with each edit
  // while it is open, so that "the same as your code now" and its Restore never go stale.
  const [versionsCode, setVersionsCode] = useState<string | null>(null);
  const versionsOpen = versionsCode !== null;
  const editor = useRef<CodeEditorHandle>(null);
  const { theme, preference, setPreference } = themeState;
  const narrow = useMediaQuery(NARROW_QUERY);
  const touch = useMediaQuery(TOUCH_QUERY);
  const runShortcut = touch ? null : RUN_SHORTCUT_LABEL;

  // The last results survive a reload, with the code they graded.
  const [lastRun] = useState(() => loadLastRun(meta.slug));
  const [view, setView] = useState<RunView>(() =>
    lastRun ? { status: 'done', report: lastRun.report, typeErrors: null } : { status: 'idle' },
  );
  const gradedCode = useRef<string | null>(lastRun?.code ?? null);
  const [stale, setStale] = useState(() => gradedCode.current !== null && gradedCode.current !== work.initialCode);
  const typeErrors = useRef<number | null>(null);
  const [narrowTab, setNarrowTab] = useState<NarrowTab>('code');
  const [problemTab, setProblemTab] = useState<ProblemTab>('statement');
  const [hintsFocusRequest, setHintsFocusRequest] = useState(0);

  useEffect(() => {
    document.title = `${meta.title} · ${courseTitle}`;
  }, [meta.title, courseTitle]);

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);

  const runner = useMemo(() => new SandboxRunner(createSandboxWorker), []);
  useEffect(() => {
    runner.warm();
    return () => runner.dispose();
  }, [runner]);

  const { codeChanged, currentCode, flush, markSolved } = work;
  const onCodeChange = useCallback(
    (code: string) => {
      codeChanged(code);
      // While the Versions panel is closed, an edit renders nothing: the updater returns the same null.
      setVersionsCode((shown) => (shown === null ? null : code));
      // Undoing back to the graded code makes the results current again.
      setStale(gradedCode.current !== null && code !== gradedCode.current);
    },
    [codeChanged],
  );

  // Each Run's number: a Run that is stopped or overtaken while it is still being judged must not land.
  const latestRun = useRef(0);
  // Nor one still being judged when the learner leaves for another problem: it would save a stale report.
  useEffect(
    () => () => {
      latestRun.current += 1;
    },
    [],
  );
  const run = useCallback(async () => {
    const runId = ++latestRun.current;
    flush();
    const source = currentCode();
    keepVersion('run', source);
    // A fresh seed every Run: the cases cannot be learnt from an earlier one; the report names it.
    const runMeta = withRunSeed(meta, drawRunSeed());
    const plan = grader.makePlan(runMeta);
    const lines: ConsoleLine[] = [];
    let consoleFrame = 0;
    const showConsole = () => {
      consoleFrame = 0;
      if (runId !== latestRun.current) return;
      setView((current) =>
        current.status === 'running' ? { ...current, console: { lines: [...lines], droppedLines: 0 } } : current,
      );
    };
    const typeErrorsAtRun = typeErrors.current;
    setView({ status: 'running', phase: null, console: { lines: [], droppedLines: 0 } });
    if (narrow) {
      setNarrowTab('results');
      // The editor or the Run button, which had the focus, is now hidden: keys must not fall to the page.
      requestAnimationFrame(() => document.getElementById(RESULTS_HEADING_ID)?.focus());
    }
    const measured = await runner.run(
      { source, plan, timeLimitMs: meta.timeLimitMs },
      {
        onPhase: (phase) => setView((current) => (current.status === 'running' ? { ...current, phase } : current)),
        onConsole: (line) => {
          lines.push(line);
          // Lines come in floods (hundreds in a millisecond): the panel shows what has come once a frame.
          consoleFrame ||= requestAnimationFrame(showConsole);
        },
      },
    );
    cancelAnimationFrame(consoleFrame);
    // null: a newer run, or Stop, replaced this one; its result is stale.
    if (!measured) return;
    // TypeScript's parser reads the editor's model: its position only holds for the code that ran.
    const outcome = await withPreciseSyntaxError(measured, async () =>
      currentCode() === source ? firstSyntaxErrorIn(modelPath) : null,
    );
    if (runId !== latestRun.current) return;
    const report = judge(runMeta, grader, plan, outcome);
    gradedCode.current = source;
    setStale(currentCode() !== source);
    setView({ status: 'done', report, typeErrors: typeErrorsAtRun });
    saveLastRun(meta.slug, { code: source, report });
    judged(source, report.verdict);
    if (report.verdict === 'passed') markSolved();
  }, [currentCode, flush, grader, judged, keepVersion, markSolved, meta, modelPath, narrow, runner]);

  const stop = useCallback(() => {
    latestRun.current += 1;
    runner.cancel();
    setView({ status: 'idle' });
  }, [runner]);

  const replaceCode = useCallback((code: string, question: string, reason: 'reset' | 'open-file') => {
    if (code === currentCode()) return;
    if (!window.confirm(question)) return;
    keepVersion(reason, currentCode());
    editor.current?.replaceCode(code);
  }, [currentCode, keepVersion]);

  const reset = useCallback(
    () => replaceCode(starter, 'Replace your code with the starter code? Ctrl+Z in the editor brings yours back.', 'reset'),
    [replaceCode, starter],
  );
  const open = useCallback(
    (text: string) =>
      replaceCode(text, 'Replace the code in the editor with this file? Ctrl+Z in the editor brings yours back.', 'open-file'),
    [replaceCode],
  );
  const download = useCallback(() => downloadText(`${meta.slug}.ts`, currentCode()), [currentCode, meta.slug]);

  const showHints = useCallback(() => {
    setProblemTab('hints');
    setHintsFocusRequest((count) => count + 1);
    if (narrow) setNarrowTab('problem');
  }, [narrow]);

  /** Shows the Code tab on a phone, then acts on the editor once it can measure itself and take focus. */
  const withEditorShown = useCallback(
    (action: (handle: CodeEditorHandle) => void) => {
      if (narrow) setNarrowTab('code');
      requestAnimationFrame(() => {
        if (editor.current) action(editor.current);
      });
    },
    [narrow],
  );
  const share = useShare({
    slug: meta.slug,
    starter,
    currentCode,
    open: (code) => {
      keepVersion('shared-link', currentCode());
      editor.current?.replaceCode(code);
    },
    focusEditor: () => withEditorShown((handle) => handle.focus()),
  });
  const restoreVersion = useCallback(
    (version: Version) => {
      versions.restore(version, currentCode(), (code) => editor.current?.replaceCode(code));
      setVersionsCode(null);
      withEditorShown((handle) => handle.focus());
    },
    [currentCode, versions, withEditorShown],
  );

  const locate = useCallback(
    (location: SourceLocation) => withEditorShown((handle) => handle.reveal(location.line, location.column)),
    [withEditorShown],
  );

  // Ctrl/Cmd+Enter runs from anywhere on the page, not only from inside the editor; but not from behind a
  // modal dialog, where a Run would start unseen.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.defaultPrevented) return;
      if (isModalDialogOpen(event.target)) return;
      event.preventDefault();
      void run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [run]);

  const solution = solutionOfferOf(COURSE.solutionPolicy, problem.loadSolution, work.solved);
  // The learner's code when they asked for the comparison, or null while it is closed.
  const [comparedCode, setComparedCode] = useState<string | null>(null);
  const compare = isComparisonOffered(solution) ? () => setComparedCode(currentCode()) : undefined;

  // "Why it matters" measures the learner's code as "yours" only when its last Run passed and the editor still
  // holds that code; otherwise the reference alone.
  const passedCode = view.status === 'done' && view.report.verdict === 'passed' && !stale ? gradedCode.current : null;
  const insight = useInsightView(meta.slug, meta.title, passedCode);

  const marks = useMemo(() => (view.status === 'done' && !stale ? editorMarksOf(view.report) : []), [view, stale]);
  const hintsLeft = Math.max(0, problem.hintsHtml.length - work.hintsRevealed);

  const problemPane = (
    <ProblemPane
      statementHtml={problem.statementHtml}
      tab={problemTab}
      onTab={setProblemTab}
      hintsRevealed={work.hintsRevealed}
      hintCount={problem.hintsHtml.length}
      hintsFocusRequest={hintsFocusRequest}
      hints={
        <Hints
          hints={[...problem.hintsHtml]}
          revealed={work.hintsRevealed}
          onReveal={work.revealHint}
          solution={solution}
          theme={theme}
          onCompare={compare}
        />
      }
    />
  );
  const codeHeader = (
    <>
      <Toolbar
        running={view.status === 'running'}
        runShortcut={runShortcut}
        saveFailed={!work.saved}
        hintsLeft={hintsLeft}
        onRun={() => void run()}
        onStop={stop}
        onShowHints={showHints}
        onReset={reset}
        onDownload={download}
        onOpen={open}
        onShare={() => void share.share()}
        versionCount={versions.versions.length}
        versionsOpen={versionsOpen}
        onVersions={() => setVersionsCode((shown) => (shown === null ? currentCode() : null))}
      />
      {work.newStarter !== null && (
        <StarterUpdate
          onTake={() => {
            const next = work.newStarter;
            work.answerStarterOffer();
            if (next === null) return;
            keepVersion('new-starter', currentCode());
            editor.current?.replaceCode(next);
          }}
          onKeep={work.answerStarterOffer}
        />
      )}
      <ShareNotices
        arrival={share.arrival}
        outcome={share.outcome}
        announcement={share.announcement}
        onOpen={share.openShared}
        onKeep={share.keepMine}
        onDismissRefusal={share.dismissRefusal}
        onCloseOutcome={share.closeOutcome}
      />
      <VersionsPanel
        open={versionsOpen}
        versions={versions.versions}
        currentCode={versionsCode ?? ''}
        announcement={versions.announcement}
        onRestore={restoreVersion}
        onClose={() => setVersionsCode(null)}
      />
    </>
  );
  const editorPane = (
    <div className="editor-frame" id="editor">
      <CodeEditor
        ref={editor}
        initialCode={work.currentCode()}
        onChange={onCodeChange}
        onRun={() => void run()}
        theme={theme}
        ariaLabel="TypeScript code editor: your solution"
        modelPath={modelPath}
        compact={narrow}
        marks={marks}
        onReady={registerOfflineSupport}
        onTypeErrors={(count) => {
          typeErrors.current = count;
        }}
      />
      {!touch && (
        <p className="editor-frame__keys">
          Tab indents; <kbd>{TAB_FOCUS_SHORTCUT_LABEL}</kbd> makes Tab move the focus out of the editor instead.
        </p>
      )}
    </div>
  );
  const results = (
    <ResultsPanel
      view={view}
      runShortcut={runShortcut}
      stale={stale}
      hintsLeft={hintsLeft}
      onShowHints={showHints}
      onLocate={locate}
      next={next}
      onCompare={compare}
      onWhyItMatters={insightOffered(meta.slug) ? insight.open : null}
    />
  );

  return (
    // Inside the page's `.app`, which carries the layout and the view for the styles.
    <>
      <a
        className="skip-link"
        href="#editor"
        onClick={(event) => {
          // Focus, not scroll: the panes scroll on their own and the page must not move.
          event.preventDefault();
          withEditorShown((handle) => handle.focus());
        }}
      >
        Skip to the editor
      </a>
      <TopBar
        courseTitle={courseTitle}
        problemTitle={meta.title}
        onIndex={false}
        solved={work.solved}
        themePreference={preference}
        onThemePreference={setPreference}
        headingRef={heading}
      />
      <UpdateNotice />
      <main className="workspace">
        {narrow ? (
          <NarrowLayout
            problem={problemPane}
            codeHeader={codeHeader}
            editor={editorPane}
            results={results}
            tab={narrowTab}
            onTab={setNarrowTab}
            resultsBadge={
              <span className={`tabs__dot tabs__dot--${verdictOf(view)}`}>
                <span className="visually-hidden">({verdictOf(view)})</span>
              </span>
            }
          />
        ) : (
          <WideLayout
            problem={problemPane}
            codeHeader={codeHeader}
            editor={editorPane}
            results={results}
            hasResults={view.status !== 'idle'}
          />
        )}
      </main>
      {comparedCode !== null && solution && (
        <ReferenceDiff
          slug={meta.slug}
          yours={comparedCode}
          loadSolution={solution.load}
          narrow={narrow}
          onClose={() => setComparedCode(null)}
        />
      )}
      {insight.element}
    </>
  );
}

/** The course's problem with this slug, its workspace: what the page loads, as a chunk of its own, for a problem. */
export function CourseProblemWorkspace({ slug, ...props }: Omit<ProblemWorkspaceProps, 'problem'> & { slug: string }) {
  const problem = COURSE.problems.find((candidate) => candidate.meta.slug === slug);
  // The page only routes here for a slug of the course's outline, which lists the same problems.
  if (!problem) throw new Error(`The course has no problem '${slug}'`);
  return <ProblemWorkspace problem={problem} {...props} />;
}
