import type { Capability } from '../router/capabilities';
import { changeSetOutputSchema, resolveChangeSet, type ChangeSetOutput } from './changeSetOutput';
import {
  diagnosticsSection,
  draftSection,
  filesSection,
  findingsSection,
  instructionSection,
  planSection,
  problemsSection,
  researchSection,
  type ContextSection,
  type TaskState,
} from './phaseContext';
import type { ModelPhaseSpec } from './phaseRunner';
import { tierOf } from './profiles';
import { findingsSchema, planSchema, verdictSchema } from './taskSchemas';
import { note, type TaskRun } from './taskRun';
import type { Finding, Plan, Verdict } from './taskTypes';
import type { Writable } from '../../shared/writable';

/*
 * What each model phase asks and what it is told: the sections of earlier output it receives, in
 * the order they are kept when the window is small (research context fills what is left).
 */

type RouteChoice = ModelPhaseSpec<unknown>['route'];

export function planSpec(run: TaskRun): ModelPhaseSpec<Plan> {
  const { input } = run;
  return {
    key: 'plan',
    phase: 'plan',
    capability: tierOf(run.profile, 'plan') ?? 'plan',
    prompt: 'plan',
    schema: planSchema,
    schemaName: 'plan',
    sections: [instructionSection(input), problemsSection(input.problems), filesSection(input.files)],
    toOutput: (plan) => ({ kind: 'plan', plan }),
  };
}

/** Research context asked of the workspace index when no model window says otherwise. */
const DEFAULT_RESEARCH_TOKENS = 8000;

/** Rounds of tool calls the research model may make before it must summarise (issue 12: a bounded number of steps). */
export const RESEARCH_TOOL_STEPS = 4;

export function researchSpec(run: TaskRun): ModelPhaseSpec<string> {
  const { input, state } = run;
  const source = run.ports.research;
  const tools = source?.tools({ note: (text) => note(run, text) }) ?? [];
  let toolCalls = 0;
  let gathered: { readonly context: string; readonly sources: readonly string[] } | undefined;
  const spec: Writable<ModelPhaseSpec<string>> = {
    key: 'research',
    phase: 'research',
    capability: tierOf(run.profile, 'research') ?? 'understand',
    prompt: 'research',
    sections: [instructionSection(input), problemsSection(input.problems), planSection(state.plan), filesSection(input.files)],
    toOutput: (notes) => ({
      kind: 'research',
      context: [gathered?.context, notes.trim() ? `Notes:\n${notes.trim()}` : undefined].filter(Boolean).join('\n\n'),
      sources: gathered?.sources ?? [],
      toolCalls,
    }),
  };
  if (source) {
    spec.prepare = async () => {
      const query = { instruction: input.instruction, files: input.files, planFiles: [...new Set(state.plan?.steps.flatMap((s) => s.files) ?? [])] };
      try {
        const found = await source.gather(query, researchTokens(run), run.signal, (said) => {
          note(run, said.text);
          run.ports.log[said.level](`Task ${run.taskId}: ${said.text}`);
        });
        gathered = found;
        if (found.context) spec.fill = { title: 'Workspace context', text: found.context };
      } catch (error) {
        run.ports.log.warn(`Task ${run.taskId}: gathering workspace context failed: ${error instanceof Error ? error.message : String(error)}.`);
      }
    };
  }
  if (tools.length > 0) spec.tools = { list: tools, maxSteps: RESEARCH_TOOL_STEPS, onCalls: (n: number) => (toolCalls = n) };
  return spec;
}

/** As much context as the generate model could take, about half its window. */
function researchTokens(run: TaskRun): number {
  // No window anywhere: no model to ask the router about (a whole plan).
  if (!run.ports.catalogue.anyContextWindow()) return DEFAULT_RESEARCH_TOKENS;
  const decision = run.ports.router.explain('generate', run.ports.workspaceId !== undefined ? { workspace: run.ports.workspaceId } : {});
  const window = decision.chosen ? run.ports.catalogue.model(decision.chosen)?.contextWindow : undefined;
  return window ? Math.max(256, Math.floor(window / 2)) : DEFAULT_RESEARCH_TOKENS;
}

export interface DraftOptions {
  readonly key: string;
  readonly round?: number;
  /** generate: the first draft; refine: fix findings and errors; revise: answer the critiques. */
  readonly prompt: 'generate' | 'refine' | 'revise';
  readonly route?: RouteChoice;
  /** The critiques a reviser answers. */
  readonly critiques?: readonly Finding[];
  /** Whether the person's composer model applies (generate and refine only). */
  readonly preferred?: boolean;
}

/** A phase that answers with a change set: generate, refine, a cascade step or a critique's revision. */
export function draftSpec(run: TaskRun, options: DraftOptions): ModelPhaseSpec<ChangeSetOutput> {
  const { input, state, ports } = run;
  const phase = options.prompt === 'refine' ? 'refine' : 'generate';
  const prefer = options.preferred !== false ? input.preferModel : undefined;
  const sections: (ContextSection | undefined)[] =
    options.prompt === 'generate'
      ? [instructionSection(input), problemsSection(input.problems), planSection(state.plan), filesSection(input.files)]
      : [
          instructionSection(input),
          options.prompt === 'revise' ? findingsSection(options.critiques ?? [], 'Critiques') : findingsSection(state.findings),
          options.prompt === 'refine' ? diagnosticsSection(state.validation, state.draftProblems) : undefined,
          options.prompt === 'refine' && input.feedback ? { title: 'The person’s feedback on the draft (answer it)', text: input.feedback } : undefined,
          draftSection(state.draft, options.prompt === 'revise' ? 'Your draft' : 'Draft change set'),
          planSection(state.plan),
          problemsSection(input.problems),
        ];
  const spec: Writable<ModelPhaseSpec<ChangeSetOutput>> = {
    key: options.key,
    phase,
    capability: tierOf(run.profile, phase) ?? 'generate',
    prompt: options.prompt,
    schema: changeSetOutputSchema,
    schemaName: 'change_set',
    sections,
    // The person's pick is the model asked, even outside the tier (as in the chat); privacy, budget and its circuit may still refuse it.
    route: prefer && !options.route?.onlyModel ? Object.assign({}, options.route, { pickedModel: prefer }) : options.route,
    toOutput: async (output) => {
      const { changeSet, problems } = await resolveChangeSet(output, ports.workspace, ports.merger);
      state.draftProblems = problems;
      for (const p of problems) ports.log.warn(`Task ${run.taskId} ${options.key}: ${p}`);
      return { kind: 'change-set', changeSet };
    },
  };
  if (options.round !== undefined) spec.round = options.round;
  fillWithResearch(spec, state);
  if (prefer) spec.note = (modelId) => preferNote(prefer, modelId);
  return spec;
}

export function reviewSpec(run: TaskRun, options: { key: string; route?: RouteChoice; title?: string } = { key: 'review' }): ModelPhaseSpec<{ findings: Finding[] }> {
  const { input, state } = run;
  const spec: Writable<ModelPhaseSpec<{ findings: Finding[] }>> = {
    key: options.key,
    phase: 'review',
    capability: reviewTier(run),
    prompt: 'review',
    schema: findingsSchema,
    schemaName: 'findings',
    sections: [instructionSection(input), draftSection(state.draft), planSection(state.plan), problemsSection(input.problems)],
    toOutput: (answer) => ({ kind: 'findings', findings: answer.findings }),
  };
  fillWithResearch(spec, state);
  if (options.route) spec.route = options.route;
  return spec;
}

export function judgeSpec(run: TaskRun, key: string, round: number): ModelPhaseSpec<Verdict> {
  const { input, state } = run;
  return {
    key,
    phase: 'review',
    round,
    capability: reviewTier(run),
    prompt: 'judge',
    schema: verdictSchema,
    schemaName: 'verdict',
    sections: [instructionSection(input), draftSection(state.draft), diagnosticsSection(state.validation, state.draftProblems), planSection(state.plan)],
    toOutput: (verdict) => ({ kind: 'verdict', verdict }),
  };
}

export function reviewTier(run: TaskRun): Capability {
  return tierOf(run.profile, 'review') ?? 'review';
}

/** The research context fills what the window leaves of the spec's prompt, when there is any. */
function fillWithResearch(spec: { fill?: ContextSection }, state: TaskState): void {
  const fill = researchSection(state);
  if (fill) spec.fill = fill;
}

function preferNote(preferred: string, modelId: string | undefined): string {
  return modelId === preferred ? `${preferred}, the model picked in the composer` : `${preferred} was picked in the composer; ${modelId ?? 'no model'} answered`;
}
