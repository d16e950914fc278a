import { runModelPhase } from './phaseRunner';
import { draftSpec } from './phaseSpecs';
import type { TaskRun } from './taskRun';
import type { PhaseResult } from './taskTypes';

/**
 * The generate phase by the profile's pattern. Returns the result whose failure decides whether
 * the task goes on; the kept draft is in the state.
 */
export async function runGenerate(run: TaskRun): Promise<PhaseResult> {
  switch (run.profile.pattern) {
    default:
      return single(run);
  }
}

/** The tier's primary (or the composer's model), with its fallbacks. */
async function single(run: TaskRun): Promise<PhaseResult> {
  const result = await runModelPhase(run, draftSpec(run, { key: 'generate', prompt: 'generate' }));
  if (result.status === 'succeeded' && result.output?.kind === 'change-set') run.state.draft = result.output.changeSet;
  return result;
}
