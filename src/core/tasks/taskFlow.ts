import { untilAborted } from '../router/abort';
import { runGenerate } from './generatePatterns';
import { givenPhase, runModelPhase } from './phaseRunner';
import { draftSpec, planSpec, researchSpec, reviewSpec } from './phaseSpecs';
import { enabledPhases } from './profiles';
import { runLimited } from './eventChannel';
import { note, type TaskRun } from './taskRun';
import { mayStart, needsRefine, remaining, settle } from './taskState';
import { STOPPED_REASON, type PhaseName, type Plan, type PlanApproval } from './taskTypes';
import { runValidatePhase } from './validatePhase';

/**
 * Where a task stopped while its plan waited for approval resumes: no phase has this key, so every
 * phase that succeeded (the plan) is reused, and the plan, never approved, is shown again.
 */
export const PLAN_APPROVAL = 'plan approval';

/**
 * The profile's phases in their dependency order: plan → research → generate (by the profile's
 * pattern) → review and validate side by side (both read only the draft) → refine rounds, each
 * validated again. Stops at a critical failure, the cost cap or Stop, with what was done kept.
 */
export async function runFlow(run: TaskRun): Promise<void> {
  const phases = enabledPhases(run.profile);
  const has = (p: PhaseName): boolean => phases.includes(p);
  // A feedback round starts from the change set it revises (TaskInput.draft) instead of generating
  // one, and from the check that change set had, when it had one.
  const { draft, draftValidation } = run.input;
  if (draft) run.state.draft ??= draft;
  const checked = draft !== undefined && draftValidation !== undefined && !has('generate');
  if (checked) run.state.validation ??= draftValidation;
  // A plan chosen to implement under a profile whose plan phase is off still guides the draft.
  if (run.input.plan && !has('plan')) run.state.plan ??= run.input.plan;
  // The first check of a window builds a TypeScript program (seconds on a real project): built while
  // the models plan and draft (and the person reads the plan), it is warm when the draft arrives.
  // The files given first, the plan's once known.
  const prepare = has('validate') && !checked && run.ports.validator?.prepare ? (paths: readonly string[]): void => prepareCheck(run, paths) : undefined;
  prepare?.([...run.input.files.map((f) => f.path), ...(draft?.changes.map((c) => c.path) ?? [])]);
  if (has('plan') && !(await planStep(run, prepare))) return;
  if (has('research') && !(await researchStep(run))) return;
  if (has('generate')) {
    if (!mayStart(run, 'generate')) return;
    if (!settle(run, await runGenerate(run), { apply: false })) return;
  }
  if (!(await checks(run, has('review'), has('validate') && !checked, 'review', 'validate'))) return;
  if (has('refine')) await refineRounds(run, has('validate'));
}

/** Tells the validator what the task's change will touch (nothing yet: load the compiler and project); a hint, so its failure only goes to the log. */
function prepareCheck(run: TaskRun, paths: readonly string[]): void {
  try {
    run.ports.validator?.prepare?.([...new Set(paths)], run.signal);
  } catch (error) {
    run.ports.log.debug(`Task ${run.taskId}: preparing the check failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** The files a plan's steps touch. */
function planFiles(plan: Plan): string[] {
  return plan.steps.flatMap((s) => s.files);
}

/** The plan phase, and its approval when the profile asks for it; `prepare` hears the files of the plan shown and of the plan accepted. */
async function planStep(run: TaskRun, prepare: ((paths: readonly string[]) => void) | undefined): Promise<boolean> {
  if (!mayStart(run, 'plan')) return false;
  const reused = run.reusable('plan') !== undefined;
  // A plan the person chose (a Plan task's) is the plan as it is: no model, no second approval.
  const given = reused ? undefined : run.input.plan;
  const result = given ? givenPhase(run, { key: 'plan', phase: 'plan', output: { kind: 'plan', plan: given }, note: 'The plan you chose to implement.' }) : await runModelPhase(run, planSpec(run));
  if (!settle(run, result)) return false;
  const plan = run.state.plan;
  // While the person reads the plan, or the models draft it, the check of those files is prepared.
  if (plan) prepare?.(planFiles(plan));
  if (given || (reused && run.planApproved) || !plan || !run.profile.approvePlan || !run.ports.approvePlan) return true;
  run.emit({ type: 'plan-ready', taskId: run.taskId, plan });
  const cancelled: PlanApproval = { kind: 'cancel' };
  let answer: PlanApproval;
  try {
    answer = await untilAborted(run.ports.approvePlan(plan, run.signal), run.signal, cancelled);
  } catch (error) {
    run.ports.log.warn(`Task ${run.taskId}: the plan's approval failed: ${error instanceof Error ? error.message : String(error)}.`);
    answer = cancelled;
  }
  if (answer.kind === 'cancel') {
    // The plan was paid for: Resume shows it again for approval rather than asking a model for another.
    run.stop = { status: 'cancelled', reason: run.signal.aborted ? STOPPED_REASON : 'The plan was cancelled.', resumeFrom: PLAN_APPROVAL };
    return false;
  }
  // Edited steps replace the plan, in the state and in the phase's stored result (a resume reuses it).
  run.state.plan = answer.plan;
  const index = run.phases.indexOf(result);
  if (index >= 0) run.phases[index] = Object.assign({}, result, { output: { kind: 'plan' as const, plan: answer.plan } });
  if (planEdited(plan, answer.plan)) {
    note(run, 'The plan was edited before generation.');
    prepare?.(planFiles(answer.plan));
  }
  return true;
}

/** Compared by value: the card sends the steps back whether or not the person changed them. */
function planEdited(shown: Plan, accepted: Plan): boolean {
  if (shown === accepted) return false;
  const steps = (p: Plan) => p.steps.map((s) => ({ title: s.title, detail: s.detail ?? '', files: [...s.files] }));
  return shown.summary !== accepted.summary || JSON.stringify(steps(shown)) !== JSON.stringify(steps(accepted));
}

async function researchStep(run: TaskRun): Promise<boolean> {
  if (!mayStart(run, 'research')) return false;
  return settle(run, await runModelPhase(run, researchSpec(run)));
}

/** Review and validate read only the draft: they run side by side, up to the profile's maxParallel. */
async function checks(run: TaskRun, review: boolean, validate: boolean, reviewKey: string, validateKey: string, round?: number): Promise<boolean> {
  const jobs: (() => Promise<boolean>)[] = [];
  const draft = run.state.draft;
  if (review && draft) {
    jobs.push(async () => mayStart(run, reviewKey) && settle(run, await runModelPhase(run, reviewSpec(run, { key: reviewKey }))));
  }
  if (validate) {
    jobs.push(async () => mayStart(run, validateKey) && settle(run, await runValidatePhase(run, validateKey, draft, round)));
  }
  const outcomes = await runLimited(jobs, run.profile.maxParallel);
  return outcomes.every(Boolean) && run.stop === undefined;
}

/** Review findings or type errors go back to the generate tier, then the result is validated again. */
async function refineRounds(run: TaskRun, validate: boolean): Promise<void> {
  let rounds = 0;
  for (let round = 1; round <= run.profile.maxRefineRounds && ((round === 1 && run.input.feedback !== undefined) || needsRefine(run.state)); round++) {
    const key = `refine#${round}`;
    if (!mayStart(run, key)) return;
    const result = await runModelPhase(run, draftSpec(run, { key, round, prompt: 'refine' }));
    if (!settle(run, result)) return;
    if (result.status !== 'succeeded') break;
    rounds = round;
    // The findings were answered by this round; only a new validation can raise new problems.
    run.state.findings = [];
    if (validate && !(await checks(run, false, true, '', `validate#${round}`, round))) return;
  }
  if (needsRefine(run.state)) {
    const left = remaining(run.state);
    note(run, rounds > 0 ? `After ${rounds} refine round${rounds > 1 ? 's' : ''}, what remains: ${left}.` : `Not refined; what remains: ${left}.`);
  }
}
