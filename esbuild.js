// Builds the extension host bundle (cjs, node) and the webview bundles (esm, browser).
// Shape follows microsoft/vscode-extension-samples esbuild-sample: context API, --production, --watch.
const esbuild = require('esbuild');
const path = require('node:path');
const fs = require('node:fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the format the `$esbuild-watch` problem matcher understands. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The o200k tokenizer's tables are 2.8 MB of the extension bundle. src/core/tokens/o200k.ts
 * requires them on first use; in the bundle that require points at dist/tokenizer.js (its own
 * entry below), so loading the extension does not read or parse them at all.
 */
const TOKENIZER_MODULE = 'gpt-tokenizer/encoding/o200k_base';
/**
 * The same ranks as JSON lines, for the extension host's warm-up (src/core/tokens/o200k.ts,
 * loadO200kStaged): read off the thread and parsed a line per turn of the event loop, so loading the
 * tokenizer never holds the host in one 230 ms piece. Each line is a JSON array of RANKS_PER_LINE
 * ranks (parsing one holds the thread a few milliseconds).
 */
const RANKS_FILE = path.join('dist', 'o200k-ranks.jsonl');
const RANKS_PER_LINE = 10_000;
function o200kRanksLines() {
  const ranks = require('gpt-tokenizer/cjs/bpeRanks/o200k_base').default;
  const lines = [];
  for (let i = 0; i < ranks.length; i += RANKS_PER_LINE) lines.push(JSON.stringify(ranks.slice(i, i + RANKS_PER_LINE)));
  return lines.join('\n');
}

const tokenizerApartPlugin = {
  name: 'tokenizer-apart',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer\/encoding\/o200k_base$/ }, () => ({ path: './tokenizer.js', external: true }));
  },
};

/**
 * Merging a code block into a file (src/core/chat/applyMerge.ts) parses with TypeScript, which the
 * extension bundle otherwise leaves to the worker threads. src/core/chat/mergeHere.ts requires it on
 * the first merge in the extension host; in the bundle that require points at dist/applyMerge.js (below).
 */
const APPLY_MERGE_SOURCE = path.join(__dirname, 'src', 'core', 'chat', 'applyMerge');
const applyMergeApartPlugin = {
  name: 'apply-merge-apart',
  setup(build) {
    // Matched by the file it resolves to (src/core/chat/mergeHere.ts asks for './applyMerge'), which
    // must stay out of the bundle.
    build.onResolve({ filter: /[\\/]applyMerge$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === APPLY_MERGE_SOURCE ? { path: './applyMerge.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
  legalComments: 'none',
};

/** Code that runs in Node (the extension host, its worker thread, the bundles it loads on first use). */
const node = (entryPoints, outdir, extra = {}) => ({
  ...common,
  entryPoints,
  outdir,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  ...extra,
});
/** Code that runs in a webview. */
const browser = (entryPoints) => ({ ...common, entryPoints, outdir: 'dist/webview', format: 'esm', platform: 'browser', target: 'es2022' });

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  node({ extension: 'src/vscode/extension.ts' }, 'dist', {
    external: ['vscode'],
    plugins: [...common.plugins, tokenizerApartPlugin, applyMergeApartPlugin],
  }),
  node({ applyMerge: 'src/core/chat/applyMerge.ts' }, 'dist'),
  node({ tokenizer: TOKENIZER_MODULE }, 'dist'),
  browser({ chat: 'src/webview/chat/main.ts' }),
  browser({ dashboard: 'src/webview/dashboard/main.ts' }),
  // The workspace analyzer's worker thread (src/core/analysis/workerPool.ts spawns it).
  node({ analysisWorker: 'src/core/analysis/analysisWorker.ts' }, 'dist/worker'),
  // The change-set validator's thread (src/core/validation/validationThread.ts spawns it): the
  // TypeScript compiler and each folder's warm language service, off the extension host's thread.
  node({ validationWorker: 'src/core/validation/validationWorker.ts' }, 'dist/worker'),
];

async function main() {
  fs.mkdirSync(path.dirname(RANKS_FILE), { recursive: true });
  fs.writeFileSync(RANKS_FILE, o200kRanksLines());
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

// Built when run (node esbuild.js), not when a test or bench reads the options.
if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

module.exports = { builds, root: path.resolve(__dirname), o200kRanksLines, RANKS_PER_LINE };
