import { REVISE_KEY } from '../../shared/phaseName';
import type { ModelRequest } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import { cascadeOrder } from './cascadeOrder';
import { runLimited } from './eventChannel';
import { runModelPhase } from './phaseRunner';
import { draftSpec, judgeSpec, reviewSpec, reviewTier } from './phaseSpecs';
import { tierOf } from './profiles';
import { note, type TaskRun } from './taskRun';
import { keepDraftOf } from './taskState';
import type { Finding, PhaseResult } from './taskTypes';
import { runValidatePhase } from './validatePhase';

/**
 * The generate phase by the profile's pattern. Returns the result whose failure decides whether
 * the task goes on; the kept draft is in the state.
 */
export async function runGenerate(run: TaskRun): Promise<PhaseResult> {
  switch (run.profile.pattern) {
    case 'critique':
      return critique(run);
    case 'cascade':
      return cascade(run);
    default:
      return single(run);
  }
}

/** The tier's primary (or the composer's model), with its fallbacks. */
async function single(run: TaskRun): Promise<PhaseResult> {
  const result = await runModelPhase(run, draftSpec(run, { key: 'generate', prompt: 'generate' }));
  keepDraft(run, result);
  return result;
}

/**
 * One model drafts; two or more other models of the review tier critique the draft, side by side
 * up to the profile's maxParallel; the drafting model revises with every critique. A critique or revision that fails leaves
 * the draft as it was.
 */
async function critique(run: TaskRun): Promise<PhaseResult> {
  const draft = await single(run);
  const drafter = draft.modelId;
  if (draft.status !== 'succeeded' || !drafter) return draft;
  const critics = run.ports.router
    .explain(reviewTier(run), workspaceOf(run))
    .order.filter((id) => id !== drafter)
    .slice(0, Math.max(2, run.profile.maxParallel));
  if (critics.length < 2) note(run, `critique: ${critics.length === 0 ? 'no' : 'only one'} review model other than ${drafter} is available`);
  if (critics.length === 0 || run.signal.aborted) return draft;
  const results = await runLimited(
    critics.map((model) => () => runModelPhase(run, reviewSpec(run, { key: `critique:${model}`, route: { onlyModel: model } }))),
    // At most maxParallel at once, as every phase run side by side: more critics than that wait their turn.
    run.profile.maxParallel,
  );
  const critiques: Finding[] = [];
  for (const r of results) {
    if (r.status === 'succeeded' && r.output?.kind === 'findings') critiques.push(...r.output.findings);
    else if (r.status === 'failed') note(run, r.error ?? `${r.key} skipped`);
  }
  if (critiques.length === 0 || run.signal.aborted || run.stop) return draft;
  const revised = await runModelPhase(run, draftSpec(run, { key: REVISE_KEY, round: 2, prompt: 'revise', critiques, route: { onlyModel: drafter }, preferred: false }));
  if (revised.status === 'succeeded') keepDraft(run, revised);
  else if (revised.status === 'failed') note(run, `revision skipped: ${revised.error ?? 'failed'}; the first draft is kept`);
  return draft;
}

/**
 * Starts with the generate tier's model expected to succeed most cheaply (adaptive success rate and
 * price; price alone while nothing is measured); the validation and a judge on the review tier
 * decide; a rejected draft escalates to the next model. Records where it stopped and what it saved
 * against starting at the top model, the judge's cost included.
 */
async function cascade(run: TaskRun): Promise<PhaseResult> {
  const { ports, input } = run;
  const capability = tierOf(run.profile, 'generate') ?? 'generate';
  const tier = ports.router.explain(capability, workspaceOf(run)).order;
  const probe: ModelRequest = { messages: [{ role: 'user', content: input.instruction }] };
  const order = orderFor(run, tier, capability, probe);
  const tried: string[] = [];
  let spent: number | undefined = 0;
  let firstRequest: ModelRequest | undefined;
  let kept: PhaseResult | undefined;
  let last: PhaseResult | undefined;
  for (const [i, model] of order.entries()) {
    if (run.signal.aborted || run.stop) break;
    const step = i + 1;
    const gen = await runModelPhase(run, { onRequest: (r: ModelRequest) => (firstRequest ??= r), ...draftSpec(run, { key: `generate#${step}`, round: step, prompt: 'generate', route: { onlyModel: model }, preferred: false }) });
    last = gen;
    tried.push(model);
    spent = add(spent, gen);
    if (gen.status !== 'succeeded') continue;
    keepDraft(run, gen);
    kept = gen;
    const validation = await runValidatePhase(run, `validate:cascade#${step}`, run.state.draft, step);
    // The check of this draft, or none: an earlier draft's report says nothing about this one.
    if (validation.output?.kind === 'validation') run.state.validation = validation.output.report;
    else delete run.state.validation;
    if (run.state.validation?.status === 'failed') {
      note(run, `cascade: ${model}'s draft does not type-check; escalating`);
      continue;
    }
    if (run.signal.aborted || run.stop) break;
    const judge = await runModelPhase(run, judgeSpec(run, `judge#${step}`, step));
    spent = add(spent, judge);
    const verdict = judge.output?.kind === 'verdict' ? judge.output.verdict : undefined;
    if (!verdict || verdict.accept) {
      if (!verdict) note(run, `cascade: the judge did not answer (${judge.error ?? 'failed'}); the validation decides`);
      break;
    }
    note(run, `cascade: the judge rejected ${model}'s draft (${verdict.reason}); escalating`);
  }
  const top = tier[0];
  // What the kept draft would have cost from the top model: the same prompt and an answer as long,
  // at its prices. Its worst case (the whole output allowance) made "saved" read several times what
  // a draft the length of this one costs there.
  const topCost = top && firstRequest && kept && kept.outputTokens > 0 ? ports.catalogue.requestCostUsd(top, Object.assign({}, firstRequest, { maxOutputTokens: kept.outputTokens })) : undefined;
  if (kept?.modelId) {
    run.cascade = { tried, stoppedAt: kept.modelId, ...(topCost !== undefined && spent !== undefined ? { savedUsd: topCost - spent } : {}) };
    ports.log.info(`Task ${run.taskId}: cascade stopped at ${kept.modelId} after ${tried.join(', ')}.`);
  }
  return kept ?? last ?? (await single(run));
}

/** The tier in the order the cascade tries it (see cascadeOrder.ts). */
function orderFor(run: TaskRun, tier: readonly string[], capability: Capability, probe: ModelRequest): string[] {
  const { catalogue } = run.ports;
  return cascadeOrder(tier, { worstCaseCostUsd: (id) => catalogue.requestCostUsd(id, probe), successRate: (id) => catalogue.successRate(id, capability) }, run.input.preferModel);
}

function keepDraft(run: TaskRun, result: PhaseResult): void {
  keepDraftOf(run.state, result);
}

function add(spent: number | undefined, result: PhaseResult): number | undefined {
  if (spent === undefined) return undefined;
  if (result.costUsd === undefined) return result.inputTokens || result.outputTokens ? undefined : spent;
  return spent + result.costUsd;
}

function workspaceOf(run: TaskRun): { workspace?: string } {
  return run.ports.workspaceId !== undefined ? { workspace: run.ports.workspaceId } : {};
}
