// Orchestration overhead of a multi-model task (goals of issue 12): a six-phase `implement` task
// through runTask against the same phases' bare calls. The measuring code is in lib/tasksMeasure.ts;
// it runs bundled, as the extension ships (see lib/bundledMeasure.ts for why).
// TASKS_BENCH_TSX=1 runs the same code through tsx instead, to compare.
import { join } from 'node:path';
import { runBundledMeasurement } from './lib/bundledMeasure';

runBundledMeasurement('tasksMeasure', join('bench', 'lib', 'tasksMeasure.ts'), { throughTsx: process.env['TASKS_BENCH_TSX'] === '1' });
