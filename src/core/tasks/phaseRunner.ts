import { z } from 'zod';
import type { ModelRequest } from '../providers/contract';
import { estimateTokens } from '../providers/tokenEstimate';
import type { Capability } from '../router/capabilities';
import type { RouteResult } from '../router/routeEvents';
import type { RouteOptions } from '../router/routeOptions';
import { generateObject } from '../structured/generateObject';
import { renderSections, type ContextSection } from './phaseContext';
import { systemPrompt, type PromptKind } from './phasePrompts';
import { PhaseRouter } from './phaseRouter';
import { runResearchTools } from './research/researchLoop';
import type { ResearchTool } from './taskPorts';
import { phaseSettingsOf } from './profiles';
import { NO_CALL_FIGURES, phaseFigures, phaseResultOf, phaseStart } from './taskTotals';
import type { TaskRun } from './taskRun';
import type { PhaseName, PhaseOutput, PhaseResult, PhaseStatus } from './taskTypes';
import type { Writable } from '../../shared/writable';

/** Assumed when a model sets no maximum output (as the router assumes). */
const OUTPUT_ALLOWANCE = 1024;
/** Framing the estimate does not see (role markers, the reply primer, JSON Schema wrapping). */
const PROMPT_MARGIN_TOKENS = 48;

export interface ModelPhaseSpec<T> {
  readonly key: string;
  readonly phase: PhaseName;
  readonly round?: number;
  readonly capability: Capability;
  readonly prompt: PromptKind;
  /** Undefined: the answer is text. */
  readonly schema?: z.ZodType<T>;
  readonly schemaName?: string;
  readonly sections: readonly (ContextSection | undefined)[];
  /** Fills what the window has left (the research context). */
  readonly fill?: ContextSection;
  readonly route?: { readonly preferModel?: string; readonly pickedModel?: string; readonly onlyModel?: string; readonly exclude?: readonly string[] };
  /** Turns the accepted answer into the phase's output. */
  toOutput(value: T, modelId: string): Promise<PhaseOutput> | PhaseOutput;
  /** Sees the request as built (the cascade prices its top model against it). */
  onRequest?(request: ModelRequest): void;
  /** Words for the PhaseResult's `note` once the answering model is known. */
  note?(modelId: string | undefined): string | undefined;
  /** Read-only tools the model may call first (research), for at most `maxSteps` rounds. */
  readonly tools?: { readonly list: readonly ResearchTool[]; readonly maxSteps: number; onCalls(count: number): void };
  /**
   * Runs once the phase has started, before its prompt is built: research gathers its workspace
   * context here (waiting for the index meanwhile), so the card shows the phase running. Never throws.
   */
  prepare?(): Promise<void>;
}

/**
 * Runs one phase that asks a model: builds its prompt trimmed to the window of the model the router
 * would choose, checks the cost cap, routes it (structured output through generateObject), and
 * reports `phase-start`, the router's events and `phase-end`. Never throws for model failures.
 * A phase the earlier run finished is reused as it was.
 */
export async function runModelPhase<T>(run: TaskRun, spec: ModelPhaseSpec<T>): Promise<PhaseResult> {
  const reused = reuse(run, spec.key);
  if (reused) return reused;
  const { ports, profile, taskId } = run;
  const startedAt = ports.now();
  run.emit(phaseStart(taskId, spec.key, spec.phase, spec.round, spec.capability, startedAt));
  if (spec.prepare) await spec.prepare();
  const settings = phaseSettingsOf(profile, spec.phase);
  const system = systemPrompt(spec.prompt, settings.instructions);
  const modelId = modelFor(run, spec);
  const request = buildRequest(run, spec, system, modelId);
  spec.onRequest?.(request);

  const admission = run.cap.admit(spec.key, modelId, request);
  const refusal = admission.refusal;
  if (refusal) {
    ports.log.warn(`Task ${taskId}: ${refusal}; stopping before ${spec.key}.`);
    return finish(run, phaseResultOf({ key: spec.key, phase: spec.phase, round: spec.round, capability: spec.capability, startedAt, status: 'skipped', error: refusal }, NO_CALL_FIGURES), { stop: refusal });
  }

  let timedOut = false;
  const timeout = settings.timeoutMs !== undefined ? phaseTimeout(run.signal, settings.timeoutMs, () => (timedOut = true)) : undefined;
  // Under a cap, every model the router tries for the phase is priced first (a fallback may cost far more).
  const cap = run.cap.maxCostUsd !== undefined ? admission : undefined;
  const router = new PhaseRouter(ports.router, phaseRouteOptions(run, spec, timeout?.signal ?? run.signal), (event) => run.emit({ type: 'phase-route', taskId, key: spec.key, event }), cap);
  let answer: { ok: true; value: T; modelId: string; results: readonly RouteResult[] } | { ok: false; message: string; cancelled: boolean; results: readonly RouteResult[] };
  try {
    answer = await ask(router, spec, request);
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : String(error), cancelled: false, results: [] };
  } finally {
    timeout?.dispose();
  }

  const figures = phaseFigures(answer.results, router.fallbacks);
  const note = spec.note?.(figures.modelId);
  for (const f of figures.fallbacks) ports.log.info(`Task ${taskId} ${spec.key}: fell back from ${f.from}${f.to ? ` to ${f.to}` : ''} (${f.reason}).`);
  const end = (status: PhaseStatus, fields: { modelId?: string; output?: PhaseOutput; error?: string }): PhaseResult => {
    const result = finish(
      run,
      phaseResultOf({ key: spec.key, phase: spec.phase, round: spec.round, capability: spec.capability, startedAt, status, note, modelId: fields.modelId, output: fields.output, error: fields.error }, figures),
    );
    // The worst case is held until finish() has added what the phase cost (after toOutput's wait, too).
    admission.release();
    return result;
  };
  if (answer.ok) {
    try {
      return end('succeeded', { modelId: answer.modelId, output: await spec.toOutput(answer.value, answer.modelId) });
    } catch (error) {
      return end('failed', { error: `the answer could not be used: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (run.signal.aborted && !timedOut) return end('cancelled', { error: 'stopped' });
  const why = timedOut ? `timed out after ${settings.timeoutMs} ms` : answer.message;
  // A phase the task goes on without says so in its own words ("review skipped: …").
  return end('failed', { error: settings.critical ? why : `${spec.phase} skipped: ${why}` });
}

/**
 * A signal that aborts with the task's or after `ms`, for a phase with a timeout. A phase without
 * one uses the task's signal as it is (an AbortController and a listener fewer per phase).
 */
function phaseTimeout(task: AbortSignal, ms: number, onTimeout: () => void): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  task.addEventListener('abort', onAbort);
  if (task.aborted) controller.abort();
  const timer = setTimeout(() => {
    onTimeout();
    controller.abort();
  }, ms);
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      task.removeEventListener('abort', onAbort);
    },
  };
}

/** Records a phase's end: the task's list, spend, the log and the `phase-end` event. */
export function finish(run: TaskRun, result: PhaseResult, options: { stop?: string } = {}): PhaseResult {
  run.phases.push(result);
  run.cap.add(result.costUsd);
  if (result.status === 'failed') run.ports.log.warn(`Task ${run.taskId}: ${result.key} failed: ${result.error ?? 'unknown error'}.`);
  if (options.stop) run.stop = { status: 'failed', reason: options.stop, resumeFrom: result.key };
  run.emit({ type: 'phase-end', taskId: run.taskId, result });
  return result;
}

/**
 * A phase whose output the task was given (the plan the person chose to implement): no model is
 * asked, it costs nothing, and it reports `phase-start` and `phase-end` like any other phase.
 */
export function givenPhase(run: TaskRun, fields: { readonly key: string; readonly phase: PhaseName; readonly output: PhaseOutput; readonly note: string }): PhaseResult {
  const startedAt = run.ports.now();
  run.emit(phaseStart(run.taskId, fields.key, fields.phase, undefined, undefined, startedAt));
  return finish(run, phaseResultOf({ key: fields.key, phase: fields.phase, startedAt, status: 'succeeded', output: fields.output, note: fields.note }, NO_CALL_FIGURES));
}

/** The earlier run's result for `key`, reported again as it was (no request is made). */
export function reuse(run: TaskRun, key: string): PhaseResult | undefined {
  const earlier = run.reusable(key);
  if (!earlier) return undefined;
  run.emit(phaseStart(run.taskId, key, earlier.phase, earlier.round, earlier.capability, earlier.startedAt));
  run.phases.push(earlier);
  run.cap.add(earlier.costUsd);
  run.emit({ type: 'phase-end', taskId: run.taskId, result: earlier });
  return earlier;
}

/** The route options every call of a phase carries (built by assignment, as phaseStart in taskTotals.ts). */
function phaseRouteOptions(run: TaskRun, spec: ModelPhaseSpec<unknown>, signal: AbortSignal): RouteOptions {
  // A task started again is another attempt (after a rejected change, say): its phases are never
  // replayed from the response cache, and their task-shaped prompts are not kept in it.
  const options: Writable<RouteOptions> = { signal, origin: 'task', taskId: run.taskId, phase: spec.phase, cache: 'bypass' };
  const { ports } = run;
  if (ports.workspaceId !== undefined) options.workspace = ports.workspaceId;
  // The conversation the task runs in: recorded with each call, and an experiment's variant is the conversation's.
  if (run.input.conversationId !== undefined) options.conversationId = run.input.conversationId;
  if (ports.askBudget) options.askBudget = ports.askBudget;
  const route = spec.route;
  if (route?.preferModel) options.preferModel = route.preferModel;
  if (route?.pickedModel) options.pickedModel = route.pickedModel;
  if (route?.onlyModel) options.onlyModel = route.onlyModel;
  if (route?.exclude) options.exclude = route.exclude;
  return options;
}

/**
 * The model whose window the prompt is trimmed to and whose price the cost cap checks: the pinned
 * one, the preferred one, or the router's choice. Undefined when neither can depend on it (no model
 * has a window, no cap is set): asking the router for its choice is a whole plan, once per phase.
 */
function modelFor(run: TaskRun, spec: ModelPhaseSpec<unknown>): string | undefined {
  if (spec.route?.onlyModel) return spec.route.onlyModel;
  // The person's pick goes first wherever it is configured, in the tier or not.
  const picked = spec.route?.pickedModel;
  if (picked && run.ports.catalogue.model(picked)) return picked;
  if (run.cap.maxCostUsd === undefined && !run.ports.catalogue.anyContextWindow()) return undefined;
  // Asked as the phase's request will be routed: the same workspace, and the same experiment variant.
  const decision = run.ports.router.explain(spec.capability, {
    taskId: run.taskId,
    ...(run.ports.workspaceId !== undefined ? { workspace: run.ports.workspaceId } : {}),
    ...(run.input.conversationId !== undefined ? { conversationId: run.input.conversationId } : {}),
  });
  const order = decision.order.filter((id) => !spec.route?.exclude?.includes(id));
  const preferred = spec.route?.preferModel;
  return preferred && order.includes(preferred) ? preferred : (order[0] ?? decision.chosen);
}

function buildRequest(run: TaskRun, spec: ModelPhaseSpec<unknown>, system: string, modelId: string | undefined): ModelRequest {
  const config = modelId ? run.ports.catalogue.model(modelId) : undefined;
  const window = config?.contextWindow;
  const budget = window === undefined ? Number.POSITIVE_INFINITY : window - (config?.maxOutputTokens ?? OUTPUT_ALLOWANCE) - estimateTokens(system) - schemaTokens(spec.schema) - PROMPT_MARGIN_TOKENS;
  const user = renderSections(spec.sections, spec.fill, budget);
  return { messages: [{ role: 'system', content: system }, { role: 'user', content: user }] };
}

/** What a schema adds to the prompt, counted once per schema (a zod schema does not change). */
const schemaTokenCounts = new WeakMap<z.ZodType, number>();
function schemaTokens(schema: z.ZodType | undefined): number {
  if (!schema) return 0;
  let tokens = schemaTokenCounts.get(schema);
  if (tokens === undefined) schemaTokenCounts.set(schema, (tokens = estimateTokens(JSON.stringify(z.toJSONSchema(schema)))));
  return tokens;
}

async function ask<T>(
  router: PhaseRouter,
  spec: ModelPhaseSpec<T>,
  request: ModelRequest,
): Promise<{ ok: true; value: T; modelId: string; results: readonly RouteResult[] } | { ok: false; message: string; cancelled: boolean; results: readonly RouteResult[] }> {
  if (spec.schema) {
    // Object.assign, not a spread after a field: see phaseResultOf (taskTotals.ts).
    const result = await generateObject(router, spec.capability, spec.schema, Object.assign({ schemaName: spec.schemaName ?? spec.prompt }, request));
    return result.ok ? { ok: true, value: result.object, modelId: result.modelId, results: result.results } : { ok: false, message: result.message, cancelled: result.reason === 'cancelled', results: result.results };
  }
  const earlier: RouteResult[] = [];
  if (spec.tools && spec.tools.list.length > 0) {
    const explored = await runResearchTools(router, spec.capability, request, spec.tools.list, { maxSteps: spec.tools.maxSteps });
    spec.tools.onCalls(explored.toolCalls);
    const last = explored.results.at(-1);
    // Stopped (or timed out) while tools ran: the last call succeeded, but there is no summary to keep.
    if (explored.stopped || last?.outcome === 'cancelled') return { ok: false, message: 'stopped', cancelled: true, results: explored.results };
    if (last?.outcome === 'success' && last.modelId) return { ok: true, value: explored.transcript as T, modelId: last.modelId, results: explored.results };
    // The model could not explore (its server refused tools, or it failed): one plain call with
    // the gathered context still gives the next phase what research found.
    earlier.push(...explored.results);
  }
  const result = await router.complete(spec.capability, request);
  const results = [...earlier, result];
  if (result.outcome === 'success' && result.modelId) return { ok: true, value: result.text as T, modelId: result.modelId, results };
  return { ok: false, message: result.error?.message ?? `the ${spec.capability} tier gave no answer`, cancelled: result.outcome === 'cancelled', results };
}

