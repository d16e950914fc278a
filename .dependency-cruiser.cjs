// The layers of src/, held by a checker as ESLint holds "no vscode in core" (STYLE.md, "The shape
// of the tree"). Run with `npm run lint:deps`; test/unit/architecture/dependencyRules.test.ts shows
// each rule failing on a probe file. Paths are relative to the directory the cruise runs from.

// The VS Code API: the bare module as written, or its type declarations when TypeScript resolves it.
const VSCODE = ['^vscode$', '^node_modules/@types/vscode/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-vscode',
      comment: 'src/core decides everything and is tested in plain Node: it knows nothing of the VS Code API nor of the host layer that adapts it (a require() or import() counts too).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: [...VSCODE, '^src/vscode/'] },
    },
    {
      name: 'core-not-protocol',
      comment: 'The webview protocol is a boundary the core does not know about: mapping core results onto messages is src/presentation\'s job.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/protocol/' },
    },
    {
      name: 'core-not-webview',
      comment: 'Webviews are browser front ends on top of the core, never under it.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/webview/' },
    },
    {
      name: 'core-not-presentation',
      comment: 'src/presentation maps core results onto protocol messages, so it sits above the core: an import back would be a cycle between layers.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/presentation/' },
    },
    {
      name: 'protocol-is-leaf',
      comment: 'Both the host and the browser bundles import the protocol, so it imports nothing of ours (npm packages such as zod are fine) and not the VS Code API.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: ['^src/', ...VSCODE], pathNot: '^src/protocol/' },
    },
    {
      name: 'shared-is-leaf',
      comment: 'src/shared holds pure helpers every layer may use, the webviews included, so it imports nothing of ours and not the VS Code API.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: ['^src/', ...VSCODE], pathNot: '^src/shared/' },
    },
    {
      name: 'webview-only-protocol',
      comment: 'Webviews run in the browser and talk to the host only through messages: they import their own code, the protocol and the shared helpers, never the core, the host or the VS Code API.',
      severity: 'error',
      from: { path: '^src/webview/' },
      to: { path: ['^src/', ...VSCODE], pathNot: '^src/(webview|protocol|shared)/' },
    },
    {
      name: 'presentation-not-host',
      comment: 'src/presentation may import the core and the protocol; it stays plain TypeScript, testable in Node, so neither the VS Code API, the host layer nor the browser code.',
      severity: 'error',
      from: { path: '^src/presentation/' },
      to: { path: [...VSCODE, '^src/vscode/', '^src/webview/'] },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes two modules one in disguise: neither can be read, tested or moved alone, and load order starts to matter.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports (not the extension, a webview, a test nor a benchmark) is dead code or an unused barrel. The real entry points load without an importer, and type declarations are read by the compiler, not imported.',
      severity: 'error',
      module: {
        path: '^src/',
        pathNot: [
          '^src/vscode/extension\\.ts$',
          '^src/webview/[^/]+/main\\.ts$',
          '^src/core/analysis/analysisWorker\\.ts$',
          '^src/core/validation/validationWorker\\.ts$',
          '\\.d\\.ts$',
        ],
        numberOfDependentsLessThan: 1,
      },
      from: {},
    },
  ],
  options: {
    // Type-only imports tie layers together as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // npm packages that publish subpaths through "exports" (gpt-tokenizer/encoding/…) resolve as Node does.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    // Fixtures are sample workspaces the analyzer reads, not our modules.
    exclude: { path: '^test/fixtures/' },
  },
};
