// Apply's merge by declaration against the two parses it cannot do without. The measuring code is
// in lib/mergeMeasure.ts; it runs bundled, as the extension ships (see lib/bundledMeasure.ts).
import { join } from 'node:path';
import { runBundledMeasurement } from './lib/bundledMeasure';

runBundledMeasurement('mergeMeasure', join('bench', 'lib', 'mergeMeasure.ts'), { throughTsx: process.env['MERGE_BENCH_TSX'] === '1' });
