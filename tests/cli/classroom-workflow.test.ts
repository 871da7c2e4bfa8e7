/**
 * docs/classroom/grade.yml, the README's GitHub Classroom workflow, as far as this machine can run it: its
 * steps are read from the file, and its grading step's own script runs in a scratch layout like the one the
 * workflow builds (the submission checked out, the course repository beside it in .grader with only the
 * production dependencies, as `npm ci --omit=dev` installs them), then its output is decoded as the grading
 * reporter decodes it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomResult } from '../../src/cli/formats/classroom.ts';
import { problemBySlug } from '../../src/problems/catalog.ts';
import { fixturesOf } from '../support/fixtures.ts';
import { REPO_ROOT, scratchCopy, type Scratch } from '../support/scratch.ts';
import { parseYaml, type YamlValue } from '../support/yaml.ts';

const WORKFLOW = join(REPO_ROOT, 'docs/classroom/grade.yml');
const SPAWN_TEST_TIMEOUT_MS = 180_000;

type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string>; 'working-directory'?: string };
type Workflow = { env: Record<string, string>; jobs: Record<string, { steps: Step[] }> };

let workflow: Workflow;
let steps: Step[];

function stepThatRuns(command: RegExp): Step {
  const step = steps.find((candidate) => candidate.run !== undefined && command.test(candidate.run));
  if (!step) throw new Error(`no step of ${WORKFLOW} runs ${command}`);
  return step;
}

function stepThatUses(action: string): Step {
  const step = steps.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  if (!step) throw new Error(`no step of ${WORKFLOW} uses ${action}`);
  return step;
}

beforeAll(async () => {
  const parsed: YamlValue = parseYaml(await readFile(WORKFLOW, 'utf8'));
  workflow = parsed as unknown as Workflow;
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  steps = jobs[0]?.steps ?? [];
});

describe('the Classroom workflow file', () => {
  it('checks out, sets up Node 20, installs only production dependencies, grades, and hands the points to the reporter', () => {
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((step) => step.with?.path ?? '.')).toEqual(['.', '.grader']);
    expect(stepThatUses('actions/setup-node').with?.['node-version']).toBe('20');
    const install = stepThatRuns(/npm ci/);
    expect({ run: install.run, in: install['working-directory'] }).toEqual({ run: 'npm ci --omit=dev', in: '.grader' });

    const grading = stepThatRuns(/grade\.js/);
    const reporter = stepThatUses('classroom-resources/autograding-grading-reporter');
    // The reporter reads <RUNNER>_RESULTS for each runner, a runner being the grading step's id.
    const runners = reporter.with?.runners ?? '';
    expect(runners).toMatch(/^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$/);
    expect(runners.split(',')).toEqual([grading.id]);
    expect(reporter.env?.[`${runners.toUpperCase()}_RESULTS`]).toBe(`\${{ steps.${grading.id}.outputs.result }}`);
    expect(steps.indexOf(grading)).toBeGreaterThan(steps.indexOf(install));
    expect(steps.indexOf(reporter)).toBeGreaterThan(steps.indexOf(grading));
  });
});

describe('the README', () => {
  it('shows the workflow file as it is', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\n${await readFile(WORKFLOW, 'utf8')}\`\`\`\n`);
  });
});

describe("the Classroom workflow's grading step", () => {
  let root: string;
  let grader: Scratch;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'grade-classroom-'));
    grader = await scratchCopy('grade-classroom-grader', 'production');
    const student = join(root, 'student');
    await mkdir(join(student, workflow.env.SUBMISSIONS ?? 'submissions'), { recursive: true });
    await symlink(grader.root, join(student, '.grader'), 'dir');
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await grader?.remove();
  });

  /** The step's script as Actions runs it (`bash --noprofile --norc -eo pipefail`), with the workflow's env. */
  async function runStep(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
    const student = join(root, 'student');
    const scriptFile = join(root, `step-${Math.random().toString(36).slice(2)}.sh`);
    const outputFile = `${scriptFile}.output`;
    await writeFile(scriptFile, script);
    await writeFile(outputFile, '');
    const environment = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? root,
      GITHUB_OUTPUT: outputFile,
      IMPLICIT_KATA_CACHE_DIR: join(root, '.cache'),
      ...env,
    };
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { cwd: student, env: environment, maxBuffer: 16 * 2 ** 20 }, (error, out, err) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    return { code, stdout, stderr, output: await readFile(outputFile, 'utf8') };
  }

  it(
    'grades the submissions and outputs the base64 result the reporter turns into Classroom points',
    async () => {
      const problem = workflow.env.PROBLEM ?? '';
      const submissions = join(root, 'student', workflow.env.SUBMISSIONS ?? 'submissions');
      const solution = await readFile(join(REPO_ROOT, 'src/problems', problem, 'solution.ts'), 'utf8');
      const wrong = fixturesOf(problem).find((fixture) => fixture.name === 'wrong-ignores-dy.ts');
      if (!wrong) throw new Error('the fixture wrong-ignores-dy.ts is gone');
      await writeFile(join(submissions, 'alice.ts'), solution);
      await writeFile(join(submissions, 'bob.ts'), wrong.source);

      const script = stepThatRuns(/grade\.js/).run ?? '';
      const [graded, misconfigured] = await Promise.all([
        runStep(script, workflow.env),
        runStep(script, { ...workflow.env, PROBLEM: 'no-such-kata' }),
      ]);

      // Graded, one submission failing: the step succeeds and the reporter decides (it fails on a failed test).
      expect({ code: graded.code, stderr: graded.stderr.split('\n').filter((line) => !/^grad(ing|ed) /.test(line)).join('') }).toEqual({ code: 0, stderr: '' });
      const match = /^result=([A-Za-z0-9+/=]+)\n$/.exec(graded.output);
      expect(match, graded.output).not.toBeNull();
      const result = JSON.parse(Buffer.from(match?.[1] ?? '', 'base64').toString('utf8')) as ClassroomResult;
      expect(result.version).toBe(1);
      expect(result.status).toBe('fail');
      // What the reporter computes and Classroom records: "Points <sum of the tests' scores>/<max_score>".
      const totalPoints = result.tests.reduce((sum, test) => sum + test.score, 0);
      const total = /^total score (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/m.exec(graded.stdout);
      expect([String(totalPoints), String(result.max_score)]).toEqual([total?.[1], total?.[2]]);
      const perFile = (file: string) => result.tests.filter((test) => test.filename === file);
      const alice = perFile(`${workflow.env.SUBMISSIONS}/alice.ts`);
      const bob = perFile(`${workflow.env.SUBMISSIONS}/bob.ts`);
      expect(alice.length).toBeGreaterThan(0);
      expect(alice.every((test) => test.status === 'pass')).toBe(true);
      expect(result.max_score).toBe(2 * alice.reduce((sum, test) => sum + test.score, 0));
      // Partial credit: bob's forward pass is right, his gradient ignores dy.
      const bobPoints = bob.reduce((sum, test) => sum + test.score, 0);
      expect(bobPoints).toBeGreaterThan(0);
      expect(bobPoints).toBeLessThan(result.max_score / 2);
      const firstFailing = problemBySlug(problem).grader.checks.find((check) => check.id === wrong.failingCheck);
      expect(bob.find((test) => test.status === 'fail')?.name).toBe(`${workflow.env.SUBMISSIONS}/bob.ts: ${firstFailing?.title}`);
      expect(await readFile(join(root, 'student', 'junit.xml'), 'utf8')).toContain('<testsuite name="submissions/bob.ts"');

      // The grader unable to start: the step fails, and hands the reporter nothing to count.
      expect(misconfigured.code).toBe(2);
      expect(misconfigured.output).toBe('');
      expect(misconfigured.stderr).toContain("grade: unknown problem 'no-such-kata'");
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});
