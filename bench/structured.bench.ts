// Structured output and tool calls against their bare paths (goals of issue 11): generateObject vs
// the adapter's raw stream of the same request, and a tool-call stream through the adapter vs the
// openai SDK's own stream. The measuring code is in lib/structuredMeasure.ts; it
// runs bundled, as the extension ships (see lib/bundledMeasure.ts for why).
// STRUCTURED_BENCH_TSX=1 runs the same code through tsx instead, to compare.
import { join } from 'node:path';
import { runBundledMeasurement } from './lib/bundledMeasure';

runBundledMeasurement('structuredMeasure', join('bench', 'lib', 'structuredMeasure.ts'), { throughTsx: process.env['STRUCTURED_BENCH_TSX'] === '1', nodeArgs: ['--expose-gc'] });
