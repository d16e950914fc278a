import type { IndexReadiness } from '../../core/tasks/research/indexWait';
import type { AnalysisHandle } from './registerAnalysis';

/**
 * The analysis index as research waits for it: building starts when the person lets it build by
 * itself (`switchboard.analysis.autoIndex`).
 */
export function indexReadiness(analysis: AnalysisHandle, options: { readonly autoIndex: () => boolean }): IndexReadiness {
  return {
    state: () => analysis.state,
    start() {
      if (!options.autoIndex()) return false;
      // A failure is logged where the index is built, and the research note names it (state `failed`).
      void analysis.ensureIndexed().catch(() => undefined);
      return true;
    },
    settled: () =>
      new Promise<void>((resolve) => {
        if (analysis.state.kind !== 'indexing') {
          resolve();
          return;
        }
        const listener = analysis.onDidChangeState((state) => {
          if (state.kind === 'indexing') return;
          listener.dispose();
          resolve();
        });
      }),
  };
}
