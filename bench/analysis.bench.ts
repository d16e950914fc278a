// The workspace analyzer on this project's own node_modules (real TS/JS, minified and generated
// files skipped as the index skips them). Figures: cold index vs a single-threaded
// ts.createSourceFile loop, vs this machine's parallel parse ceiling (the same loop on the
// pool's thread count) and vs that loop visiting every node once (the bound for any index that reads
// the whole tree), re-index of an edited 2,000-line file and the first ranked map after an
// edit (quiet, and beside one busy process per core), ranked map for 4,000 tokens, warm start vs
// cold, index memory vs corpus size, and agreement with the TypeScript language service's
// navigation tree. Run: npm run bench -- analysis
// SWITCHBOARD_BENCH_PARTS=cold,edits runs only those parts (cold index, edit latencies) while
// working on them; the figures of the parts left out keep their last values in results.json.
import { workspaceRoots } from '../src/core/analysis/workspaceRoots';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseEstree } from '@typescript-eslint/typescript-estree';
import { analyzeSource } from '../src/core/analysis/analyzeSource';
import { parseSource } from '../src/core/analysis/parseSource';
import { WorkerPool, defaultPoolSize } from '../src/core/analysis/workerPool';
import { WorkspaceIndex } from '../src/core/analysis/workspaceIndex';
import { rankedContext } from '../src/core/analysis/repoMap';
import { warmReferenceGraph } from '../src/core/analysis/referenceGraph';
import { bundleAnalysisWorker } from './lib/analysisWorkerBundle';
import { bundleParseLoopWorker, timeParseLoop } from './lib/parseLoop';
import { startBusyLoad } from './lib/busyLoad';
import { busyBetween, cpuTimes, othersBusy } from './lib/cpuBusy';
import { editedFile, measureEditLatency, type EditLatency } from './lib/editLatency';
import { median } from './lib/stats';
import { NavigationReference, compareFile, emptyCounts, precision, recall } from './lib/analysisReference';
import { recordResults, type BenchFigure } from './lib/results';

const root = join(__dirname, '..');
const corpusFolder = join(root, 'node_modules');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function heapNow(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const started = performance.now();
  const workerPath = bundleAnalysisWorker();
  const storage = mkdtempSync(join(tmpdir(), 'switchboard-index-'));
  const editDir = mkdtempSync(join(tmpdir(), 'switchboard-edit-'));
  const editedPath = join(editDir, 'edited.ts').replace(/\\/g, '/');
  writeFileSync(editedPath, editedFile(0));
  const folders = [corpusFolder, editDir];
  const figures: Record<string, BenchFigure> = {};
  const parts = process.env.SWITCHBOARD_BENCH_PARTS?.split(',');
  const want = (part: 'cold' | 'warm' | 'edits' | 'parser' | 'reference'): boolean => !parts || parts.includes(part);

  // ---- cold index (worker pool sized to the cores), interleaved with its baselines ----
  // Three rounds, medians reported: this machine is shared and one run swings by ±15%. Every
  // baseline runs on fresh worker threads (cold code, as the pool's threads are), parsing the files
  // the index analysed, reading each from disk as the index does.
  const parseLoopWorker = bundleParseLoopWorker();
  const ROUNDS = want('cold') ? 3 : 1;
  const coldTimes: number[] = [];
  const coldCpus: number[] = [];
  const plainTimes: number[] = [];
  const sameTimes: number[] = [];
  const sameCpus: number[] = [];
  const pairTimes: number[] = [];
  const walkTimes: number[] = [];
  const heapBefore = heapNow();
  let heapAfter = 0;
  let index: WorkspaceIndex | undefined;
  let cold: Awaited<ReturnType<WorkspaceIndex['build']>> | undefined;
  const poolSize = defaultPoolSize();
  // How busy other processes kept the cores during each cold build: the machine's busy time less
  // this process's own (its worker threads included), over the cores' time.
  const others: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const machine0 = cpuTimes();
    const pool = new WorkerPool(workerPath, poolSize);
    const built = new WorkspaceIndex({ folders, runner: pool, ...(round === 0 ? { storageDir: storage } : {}) });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const summary = await built.build();
    coldTimes.push(performance.now() - t0);
    coldCpus.push(cpuMs(process.cpuUsage(cpu0)));
    others.push(othersBusy(machine0, cpuTimes(), coldCpus.at(-1)!));
    if (round === 0) {
      heapAfter = heapNow();
      index = built;
      cold = summary;
    } else {
      built.dispose();
    }
    const paths = index?.allFiles().map((f) => f.path) ?? [];
    plainTimes.push(await timeParseLoop(parseLoopWorker, paths, 'plain', 1));
    const cpu1 = process.cpuUsage();
    sameTimes.push(await timeParseLoop(parseLoopWorker, paths, 'index', 1));
    sameCpus.push(cpuMs(process.cpuUsage(cpu1)));
    // The machine's parallel parse ceiling: the same loop on as many threads as the pool has.
    pairTimes.push(await timeParseLoop(parseLoopWorker, paths, 'index', poolSize));
    // The same loop visiting every node once after the parse, on as many threads: the bound for
    // any index that reads the whole tree, whatever it does at each node.
    walkTimes.push(await timeParseLoop(parseLoopWorker, paths, 'walk', poolSize));
  }
  if (!index || !cold) throw new Error('no cold index was built');
  const files = index.allFiles();
  const corpusBytes = files.reduce((s, f) => s + f.size, 0);
  const corpusMB = corpusBytes / 1e6;
  console.log(
    `corpus: ${files.length} files, ${corpusMB.toFixed(1)} MB analysed; skipped ${JSON.stringify(cold.skipped)}; ` +
      `${cold.symbols} symbols; pool of ${poolSize} on ${availableParallelism()} cores; other processes kept the cores ${others.map((f) => `${(f * 100).toFixed(0)}%`).join(', ')} busy during the cold builds`,
  );
  const ms = (values: number[]): string => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`cold index ms: ${ms(coldTimes)}; plain createSourceFile loop: ${ms(plainTimes)}; same-options loop: ${ms(sameTimes)}; same loop on ${poolSize} threads: ${ms(pairTimes)}; parse and bare walk on ${poolSize} threads: ${ms(walkTimes)}`);
  const coldMs = median(coldTimes);
  const plainMs = median(plainTimes);
  const sameMs = median(sameTimes);
  const pairMs = median(pairTimes);
  const walkMs = median(walkTimes);
  const mbps = (t: number): number => corpusMB / (t / 1000);
  /** A throughput against a loop run on the same files: MB/s each, and the ratio baseline time ÷ this time. */
  const against = (timeMs: number, baselineMs: number, baselineName: string): BenchFigure => ({
    value: mbps(timeMs),
    unit: 'MB/s',
    baseline: mbps(baselineMs),
    baselineName,
    ratio: baselineMs / timeMs,
  });
  const parseCeiling = `parse ceiling: the same-options loop on ${poolSize} threads`;
  figures['analysis.coldIndex.throughput'] = { ...against(coldMs, plainMs, 'single-threaded loop of ts.createSourceFile(path, text, Latest)'), goal: 'ratio ≥ 1.5 on 2 cores' };
  figures['analysis.coldIndex.vsSameParseOptions'] = against(coldMs, sameMs, "single-threaded loop of createSourceFile with the index's own options (no JSDoc)");
  // What the pool's thread count gives for the parse alone on this machine: the most any parallel
  // index could reach, whatever else it did (on 2 shared cores, about one thread's worth).
  figures['analysis.parallelCeiling'] = against(pairMs, sameMs, `the same parse loop on one thread (ceiling: ${poolSize} threads)`);
  // The issue's goal: a complete cold index at ≥ 0.9× that ceiling, measured side by side.
  figures['analysis.coldIndex.vsCeiling'] = { ...against(coldMs, pairMs, parseCeiling), goal: 'ratio ≥ 0.9 (complete index)', met: pairMs / coldMs >= 0.9 };
  // What the goal asks of the part beyond the parse: a loop that only parses and visits every node
  // once (no analysis at all) against the parse ceiling. An index that reads the whole tree cannot
  // beat this ratio; the index's own figure against the walk loop is what its analysis costs.
  figures['analysis.walkCeiling.vsCeiling'] = against(walkMs, pairMs, parseCeiling);
  figures['analysis.coldIndex.vsWalkCeiling'] = against(coldMs, walkMs, `the same-options loop visiting every node once, on ${poolSize} threads`);
  const coldCpu = median(coldCpus);
  const sameCpu = median(sameCpus);
  // This machine is shared: with other processes on the cores, wall time understates a pool. CPU
  // time (all threads of this process) shows the work itself; both are recorded.
  figures['analysis.coldIndex.cpu'] = {
    value: coldCpu,
    unit: 'ms cpu',
    baseline: sameCpu,
    baselineName: 'same-options loop cpu',
    ratio: sameCpu / coldCpu,
  };
  figures['analysis.otherProcessesBusy'] = { value: Math.max(...others) * 100, unit: '% of the cores (most in a cold build)', baselineName: `${availableParallelism()} cores` };
  figures['analysis.coldIndex.time'] = { value: coldMs, unit: 'ms', baseline: plainMs, baselineName: 'createSourceFile loop' };
  figures['analysis.corpus.size'] = { value: corpusMB, unit: 'MB', goal: '≥ 50' };
  figures['analysis.corpus.files'] = { value: files.length, unit: 'files' };

  // ---- index memory vs corpus ----
  figures['analysis.index.memory'] = {
    value: (heapAfter - heapBefore) / 1e6,
    unit: 'MB',
    baseline: corpusMB,
    baselineName: 'corpus size',
    ratio: (heapAfter - heapBefore) / corpusBytes,
    goal: 'ratio ≤ 1.5',
  };

  let t: number;
  if (want('warm')) {
    // ---- persist, then warm start in a fresh index ----
    t = performance.now();
    await index.save();
    figures['analysis.persist.time'] = { value: performance.now() - t, unit: 'ms' };
    const warmPool = new WorkerPool(workerPath);
    const warmIndex = new WorkspaceIndex({ folders, runner: warmPool, storageDir: storage });
    t = performance.now();
    const warm = await warmIndex.build();
    const warmMs = performance.now() - t;
    figures['analysis.warmStart.time'] = {
      value: warmMs,
      unit: 'ms',
      baseline: coldMs,
      baselineName: 'cold index',
      ratio: coldMs / warmMs,
      goal: 'ratio ≥ 10',
    };
    console.log(`warm start: ${warm.reused} reused, ${warm.analyzed} re-analysed, ${warm.rejectedFromStore} rejected`);
    // ---- the reference graph built in slices after an index build (what the extension does) ----
    const blocks: number[] = [];
    let resumed = performance.now();
    const warmStarted = resumed;
    const warmed = await warmReferenceGraph(warmIndex, {
      pause: async () => {
        blocks.push(performance.now() - resumed);
        await new Promise<void>((resolve) => setImmediate(resolve));
        resumed = performance.now();
      },
    });
    blocks.push(performance.now() - resumed);
    if (!warmed) throw new Error('the graph warm-up did not finish');
    const warmGraphMs = performance.now() - warmStarted;
    figures['analysis.graphWarmup.longestBlock'] = {
      value: Math.max(...blocks),
      unit: 'ms',
      baseline: warmGraphMs,
      baselineName: 'the whole build, had it run in one block',
      ratio: Math.max(...blocks) / warmGraphMs,
      goal: 'the extension host is never held for the whole build',
    };
    figures['analysis.graphWarmup.slices'] = { value: blocks.length, unit: 'slices' };
    warmIndex.dispose();
  }

  // ---- ranked map for a 4,000-token budget over the whole corpus ----
  const active = files.find((f) => f.path.endsWith('/typescript/lib/lib.es5.d.ts')) ?? files[0];
  const budget = 4000;
  t = performance.now();
  const first = rankedContext(index, { activeFile: active?.path ?? '', mentionedNames: ['createSourceFile'] }, { tokenBudget: budget, roots: workspaceRoots([corpusFolder]) });
  const firstMs = performance.now() - t;
  if (first.tokens > budget) throw new Error(`map of ${first.tokens} tokens exceeds ${budget}`);
  const mentions = ['ZodString', 'Worker', 'parse', 'Promise', 'readFileSync', 'OpenAI', 'Anthropic', 'Disposable', 'countTokens', 'ignore', 'Runner', 'Mocha'];
  const mapTimes: number[] = [];
  for (const name of mentions) {
    const t0 = performance.now();
    const r = rankedContext(index, { activeFile: active?.path ?? '', mentionedNames: [name] }, { tokenBudget: budget, roots: workspaceRoots([corpusFolder]) });
    mapTimes.push(performance.now() - t0);
    if (r.tokens > budget) throw new Error(`map of ${r.tokens} tokens exceeds ${budget}`);
  }
  const again = rankedContext(index, { activeFile: active?.path ?? '', mentionedNames: ['createSourceFile'] }, { tokenBudget: budget, roots: workspaceRoots([corpusFolder]) });
  if (again.map !== first.map) throw new Error('ranked map is not deterministic');
  figures['analysis.rankedMap4000.p50'] = { value: median(mapTimes), unit: 'ms', goal: '≤ 300' };
  figures['analysis.rankedMap4000.max'] = { value: Math.max(...mapTimes), unit: 'ms', goal: '≤ 300' };
  figures['analysis.rankedMap4000.firstAfterColdIndex'] = { value: firstMs, unit: 'ms', baselineName: 'includes building the reference graph' };
  figures['analysis.rankedMap4000.tokens'] = { value: first.tokens, unit: 'tokens', goal: '≤ 4000' };

  if (want('edits')) {
    // ---- re-index one edited 2,000-line file and the first map after it: quiet, then loaded ----
    // Loaded: one busy process per core, started and stopped here, as a person's build or tests would
    // load the machine. Both runs happen in this process one after the other, so their ratio is fair.
    // How busy the cores were during each run, and how much of that was other processes (the load
    // average would still hold the cold index measured just before).
    const busyDuring = async <T>(run: () => Promise<T>): Promise<{ value: T; label: string }> => {
      const machine = cpuTimes();
      const own = process.cpuUsage();
      const value = await run();
      const end = cpuTimes();
      const pct = (f: number): string => `${(f * 100).toFixed(0)}%`;
      return { value, label: `cores ${pct(busyBetween(machine, end))} busy, ${pct(othersBusy(machine, end, cpuMs(process.cpuUsage(own))))} by other processes` };
    };
    const quietRun = await busyDuring(() => measureEditLatency(index, editedPath, [corpusFolder], 1000));
    const quiet = quietRun.value;
    const busy = await startBusyLoad(availableParallelism());
    let loadedRun: { value: EditLatency; label: string };
    try {
      // The spinners are at full speed before the first edit (they start in milliseconds).
      loadedRun = await busyDuring(() => measureEditLatency(index, editedPath, [corpusFolder], 2000));
    } finally {
      await busy.stop();
    }
    const loaded = loadedRun.value;
    console.log(`edit latencies: quiet (${quietRun.label}) ${JSON.stringify(quiet)}; beside ${busy.pids.length} busy processes (${loadedRun.label}) ${JSON.stringify(loaded)}`);
    const side = (name: string, quietMs: number, loadedMs: number, goal: number): void => {
      figures[`${name}.quiet`] = { value: quietMs, unit: 'ms', goal: `≤ ${goal}`, met: quietMs <= goal };
      figures[`${name}.loaded`] = {
        value: loadedMs,
        unit: 'ms',
        baseline: quietMs,
        baselineName: `quiet; loaded beside ${busy.pids.length} busy processes`,
        ratio: loadedMs / quietMs,
        goal: `≤ ${goal}`,
        met: loadedMs <= goal,
      };
    };
    side('analysis.reindex2000Lines.p95', quiet.reindexP95, loaded.reindexP95, 20);
    figures['analysis.reindex2000Lines.p50'] = { value: quiet.reindexP50, unit: 'ms', baseline: loaded.reindexP50, baselineName: 'loaded' };
    side('analysis.rankedMap4000.afterOneFileEdit.max', quiet.mapAfterEditMax, loaded.mapAfterEditMax, 300);
    figures['analysis.rankedMap4000.afterOneFileEdit.p50'] = {
      value: quiet.mapAfterEditP50,
      unit: 'ms',
      baseline: firstMs,
      baselineName: 'first map after the cold index (whole graph built)',
      ratio: firstMs / quiet.mapAfterEditP50,
      goal: '≤ 300',
    };
  }

  if (want('parser')) {
    // ---- parser choice: typescript-estree vs ts.createSourceFile on the same sample ----
    const sample = files.filter((f) => f.path.endsWith('.ts') || f.path.endsWith('.js')).slice(0, 400);
    const sampleTexts = sample.map((f) => [f.path, readFileSync(f.path, 'utf8')] as const);
    const sampleMB = sampleTexts.reduce((s, [, text]) => s + text.length, 0) / 1e6;
    // One untimed pass of each first, so all three are measured with warm code.
    for (const [p, text] of sampleTexts) {
      parseSource(p, text);
      analyzeSource(p, text, { hash: '', size: 0, mtimeMs: 0 });
      try {
        parseEstree(text, { filePath: p, jsx: false, loc: true, range: true });
      } catch {
        // counted below
      }
    }
    t = performance.now();
    for (const [p, text] of sampleTexts) parseSource(p, text);
    const tsMs = performance.now() - t;
    t = performance.now();
    for (const [p, text] of sampleTexts) analyzeSource(p, text, { hash: '', size: 0, mtimeMs: 0 });
    const analyzeMs = performance.now() - t;
    let estreeFailures = 0;
    t = performance.now();
    for (const [p, text] of sampleTexts) {
      try {
        parseEstree(text, { filePath: p, jsx: false, loc: true, range: true });
      } catch {
        estreeFailures++;
      }
    }
    const estreeMs = performance.now() - t;
    figures['analysis.parse.typescript'] = { value: sampleMB / (tsMs / 1000), unit: 'MB/s' };
    figures['analysis.parse.estree'] = {
      value: sampleMB / (estreeMs / 1000),
      unit: 'MB/s',
      baseline: sampleMB / (tsMs / 1000),
      baselineName: 'ts.createSourceFile',
      ratio: tsMs / estreeMs,
    };
    figures['analysis.analyzeSource.throughput'] = {
      value: sampleMB / (analyzeMs / 1000),
      unit: 'MB/s',
      baseline: sampleMB / (tsMs / 1000),
      baselineName: 'ts.createSourceFile alone',
      ratio: tsMs / analyzeMs,
    };
    if (estreeFailures) console.log(`typescript-estree rejected ${estreeFailures} of ${sample.length} sample files`);
  }

  if (want('reference')) {
    // ---- agreement with the navigation tree on the whole corpus ----
    const reference = new NavigationReference();
    const counts = emptyCounts();
    const worst: { path: string; extra: string[]; missed: string[] }[] = [];
    t = performance.now();
    for (const f of files) {
      const text = readFileSync(f.path, 'utf8').replace(/^\uFEFF/, '');
      const analysis = analyzeSource(f.path, text, { hash: f.hash, size: f.size, mtimeMs: f.mtimeMs });
      const r = compareFile(reference, analysis, text, counts);
      if (r.extra.length + r.missed.length > 0) worst.push({ path: r.path, extra: r.extra.slice(0, 5), missed: r.missed.slice(0, 5) });
    }
    reference.dispose();
    console.log(`navigation-tree comparison took ${((performance.now() - t) / 1000).toFixed(1)} s over ${counts.files} files`);
    worst.sort((a, b) => b.extra.length + b.missed.length - (a.extra.length + a.missed.length));
    for (const w of worst.slice(0, 8)) console.log(`  differs: ${w.path.slice(root.length + 1)} extra=[${w.extra.join(', ')}] missed=[${w.missed.join(', ')}]`);
    figures['analysis.reference.precision'] = { value: precision(counts) * 100, unit: '%', goal: '≥ 99', baselineName: 'TypeScript navigation tree' };
    figures['analysis.reference.recall'] = { value: recall(counts) * 100, unit: '%', goal: '≥ 99', baselineName: 'TypeScript navigation tree' };
    figures['analysis.reference.declarations'] = { value: counts.matched + counts.missed, unit: 'declarations' };
  }

  recordResults(figures);
  index.dispose();
  rmSync(storage, { recursive: true, force: true });
  rmSync(editDir, { recursive: true, force: true });
  console.log(`analysis bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
