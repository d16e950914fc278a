import type { Logger } from '../../core/log/logger';
import type { AttemptOrigin } from '../../core/metrics/attemptRecord';
import type { BudgetAnswer, BudgetQuestion } from '../../core/router/routeEvents';
import { createTaskCatalogue } from '../../core/tasks/taskCatalogue';
import type { CodeMerger, ResearchSource, TaskCatalogue, TaskPorts, TaskRouter, TaskWorkspace } from '../../core/tasks/taskPorts';
import type { Plan, PlanApproval } from '../../core/tasks/taskTypes';
import type { Engine } from '../engine/engine';
import type { SettingsService } from '../settingsService';
import { withExtraTools } from '../../core/tasks/research/externalTools';
import type { ExternalToolAccess, ExternalToolMode } from '../lmTools/externalToolAccess';
import type { TaskValidators } from './taskValidators';
import { newId } from '../../shared/newId';

/** What lives as long as the extension: the engine, the settings, the warm validators and the workspace reader. */
export interface TaskHost {
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly log: Logger;
  readonly workspace: TaskWorkspace;
  /** Lays drafts into their files off the extension host's thread (the validation thread). */
  readonly merger?: CodeMerger;
  readonly validators: TaskValidators;
  /** The workspace index as research context; undefined while there is none. */
  readonly research: () => ResearchSource | undefined;
  /** Other extensions' tools for research (switchboard.research.externalTools). */
  readonly externalTools?: ExternalToolAccess;
}

/** What one task brings: where it came from and who answers its questions. */
export interface TaskPortOptions {
  readonly origin: AttemptOrigin;
  readonly approvePlan?: (plan: Plan, signal: AbortSignal) => Promise<PlanApproval>;
  readonly askBudget: (question: BudgetQuestion) => Promise<BudgetAnswer>;
  /** How this task's external tool calls are confirmed; absent: none are offered (the API has no one to ask). */
  readonly externalTools?: ExternalToolMode;
}

/**
 * The task engine's ports from the running extension. The router is the engine's own ModelRouter (so
 * task phases share its health, adaptive scores, budgets and cache), with this workspace and the
 * task's origin and budget question filled in where a phase did not set them.
 */
export function taskPortsFromEngine(host: TaskHost, options: TaskPortOptions): TaskPorts {
  const { engine, settings } = host;
  const router = engine.router;
  const withDefaults = <T extends { workspace?: string; origin?: AttemptOrigin; askBudget?: TaskPortOptions['askBudget'] }>(o: T | undefined): T =>
    // Object.assign, not `{ ...o, … }`: once per phase call, and on Node 20 (code-server) that literal gets a new hidden class each time (see phaseResultOf, core/tasks/taskTotals.ts).
    Object.assign({}, o, { workspace: o?.workspace ?? engine.workspaceId, origin: o?.origin ?? options.origin, askBudget: o?.askBudget ?? options.askBudget }) as T;
  const taskRouter: TaskRouter = {
    // A task started right after activation waits for the models, as an answer does (Engine.answer).
    route: async function* (capability, request, o) {
      await engine.ready;
      engine.ensureHistory();
      yield* router.route(capability, request, withDefaults(o));
    },
    complete: async (capability, request, o) => {
      await engine.ready;
      engine.ensureHistory();
      return router.complete(capability, request, withDefaults(o));
    },
    explain: (capability, o) => router.explain(capability, Object.assign({}, o, { workspace: o?.workspace ?? engine.workspaceId })),
  };
  const catalogue: TaskCatalogue = createTaskCatalogue({
    models: () => engine.catalogue.models,
    stats: (capability, modelId) => router.measured(capability, modelId),
    localOnly: () => settings.value.settings.router.privacy.localOnly,
  });
  const workspaceResearch = host.research();
  const access = host.externalTools;
  const mode = options.externalTools;
  // Read when the research phase asks, so a setting changed since the task started applies.
  const research = workspaceResearch && access && mode ? withExtraTools(workspaceResearch, (context) => access.toolsFor(mode, context)) : workspaceResearch;
  // Each change is type-checked against the project of the folder it belongs to.
  const validator = host.validators.forWorkspace();
  return {
    router: taskRouter,
    catalogue,
    workspace: host.workspace,
    ...(host.merger ? { merger: host.merger } : {}),
    ...(research ? { research } : {}),
    ...(validator ? { validator } : {}),
    log: host.log,
    now: Date.now,
    newId: () => newId('t'),
    workspaceId: engine.workspaceId,
    recordSignal: (signal) => engine.metrics.recordSignal(signal),
    ...(options.approvePlan ? { approvePlan: options.approvePlan } : {}),
    askBudget: options.askBudget,
  };
}
