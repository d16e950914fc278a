// The Models view for a person with no models and for one with some: the workspace index (which
// needs no model) is visible in both, in every state, and the steps to add a model are there when
// there is none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexState } from '../../../src/core/analysis/indexState';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { type OverviewInput, buildModelsOverview } from '../../../src/core/views/modelsOverview';
import type { OverviewNode } from '../../../src/core/views/overviewNode';

const AT = Date.UTC(2026, 10, 24, 10, 30);
const NOTHING_FOUND = {
  notes: ['No Ollama or VS Code language models were found.'],
  reasons: ['Ollama is not running at http://127.0.0.1:11434.', 'No extension offers VS Code language models (for example GitHub Copilot Chat).'],
};

const STATES: Record<IndexState['kind'], IndexState> = {
  idle: { kind: 'idle' },
  indexing: { kind: 'indexing', done: 1200, total: 3456 },
  ready: { kind: 'ready', files: 1234, symbols: 56789, skipped: 12, at: AT, skippedBy: { oversized: 3, minified: 9, binary: 0 } },
  failed: { kind: 'failed', message: 'the worker exited with code 1' },
};

function overview(raw: Record<string, unknown>, extra: Partial<OverviewInput> = {}): OverviewNode[] {
  return buildModelsOverview({ ...parseSettings(raw), keyStatus: () => ({ kind: 'missing' }), ignoredInRestrictedMode: [], ...extra });
}

const NO_MODELS = {};
const SOME_MODELS = { models: [{ id: 'local', provider: 'ollama', model: 'qwen2.5-coder:7b' }], tiers: { understand: ['local'] } };

function walk(nodes: readonly OverviewNode[]): OverviewNode[] {
  return nodes.flatMap((n) => [n, ...walk(n.children ?? [])]);
}

const commandsOf = (node: OverviewNode | undefined): string[] => walk(node ? [node] : []).flatMap((n) => (n.command ? [n.command.id] : []));

describe('Models view without models', () => {
  it('shows the setup steps, then the index, and nothing about tiers or models', () => {
    const nodes = overview(NO_MODELS, { discovery: NOTHING_FOUND, index: STATES.idle });
    assert.deepEqual(nodes.map((n) => n.id), ['setup', 'index']);
  });

  it('explains that nothing was discovered, and why, above Add Model…, Set API Key… and Open Settings', () => {
    const setup = overview(NO_MODELS, { discovery: NOTHING_FOUND })[0]!;
    assert.equal(setup.expanded, true);
    const rows = setup.children ?? [];
    assert.deepEqual(rows.slice(0, 3).map((r) => r.label), [...NOTHING_FOUND.notes, ...NOTHING_FOUND.reasons]);
    assert.deepEqual(
      rows.slice(3).map((r) => [r.label, r.command?.id]),
      [
        ['Add Model…', 'switchboard.addModel'],
        ['Set API Key…', 'switchboard.setApiKey'],
        ['Open Settings', 'switchboard.openSettings'],
        ['Look Again', 'switchboard.refreshModels'],
      ],
    );
    assert.match(rows.find((r) => r.id === 'setup/setApiKey')?.tooltip ?? '', /secret storage, never in settings/);
  });

  it('says discovery is off, with a link to its setting, instead of offering to look again', () => {
    const setup = overview({ discovery: { enabled: false } })[0]!;
    const first = setup.children?.[0];
    assert.match(first?.label ?? '', /discovery is off/);
    assert.deepEqual(first?.command?.args, ['switchboard.discovery']);
    assert.ok(!commandsOf(setup).includes('switchboard.refreshModels'));
  });

  it('says discovery is still looking before it has answered', () => {
    const setup = overview(NO_MODELS)[0]!;
    assert.match(setup.children?.[0]?.label ?? '', /^Looking for local Ollama models/);
  });

  it('keeps settings problems and Restricted Mode above the setup steps', () => {
    const nodes = overview({ models: [{ id: 'x', provider: 'nope', model: 'm' }] }, { ignoredInRestrictedMode: ['switchboard.models'], index: STATES.idle });
    assert.deepEqual(nodes.map((n) => n.id), ['restricted', 'problems', 'setup', 'index']);
  });

  it('shows the index open, with its actions, in every state', () => {
    for (const state of Object.values(STATES)) {
      const index = overview(NO_MODELS, { index: state }).find((n) => n.id === 'index');
      assert.ok(index, `no index node while ${state.kind}`);
      assert.equal(index.expanded, true, state.kind);
      assert.equal(index.contextValue, `index.${state.kind}`);
    }
  });
});

describe('Models view with models', () => {
  it('shows the index last, folded, and no setup steps', () => {
    const nodes = overview(SOME_MODELS, { index: STATES.ready });
    assert.deepEqual(nodes.map((n) => n.id), ['tiers', 'models', 'keys', 'index']);
    assert.equal(nodes.at(-1)?.expanded, false);
  });

  it('shows discovered models (not the setup steps) when discovery found some', () => {
    const nodes = overview(SOME_MODELS, { discovery: { notes: ['Tiers built from 1 discovered model because switchboard.tiers is empty.'], reasons: [] }, index: STATES.idle });
    assert.deepEqual(nodes.map((n) => n.id), ['discovery', 'tiers', 'models', 'keys', 'index']);
  });
});

describe('the index node in each state (with and without models)', () => {
  for (const [name, raw] of [['without models', NO_MODELS], ['with models', SOME_MODELS]] as const) {
    const index = (state: IndexState) => overview(raw, { index: state }).find((n) => n.id === 'index')!;

    it(`${name}: not built yet offers Analyze Workspace`, () => {
      const node = index(STATES.idle);
      assert.match(node.description ?? '', /not built yet/);
      assert.equal(node.command?.id, 'switchboard.analyzeWorkspace');
      assert.deepEqual(commandsOf(node), ['switchboard.analyzeWorkspace', 'switchboard.analyzeWorkspace']);
    });

    it(`${name}: building shows the progress counts`, () => {
      const node = index(STATES.indexing);
      assert.equal(node.description, 'indexing 1,200 / 3,456 files');
      assert.equal(node.icon, 'sync');
      assert.equal(index({ kind: 'indexing', done: 0, total: 0 }).description, 'indexing…');
    });

    it(`${name}: ready shows files, symbols and skipped, why they were skipped, and the hotspots and analyze actions`, () => {
      const node = index(STATES.ready);
      assert.equal(node.description, '1,234 files · 56,789 symbols · 12 skipped');
      assert.equal(node.tone, 'ok');
      assert.match(node.tooltip ?? '', /Skipped: 3 oversized, 9 minified\./);
      assert.ok(!/binary/.test(node.tooltip ?? ''), 'reasons with no file are left out');
      assert.deepEqual(node.children?.map((c) => c.command?.id), ['switchboard.showRepoMap', 'switchboard.showComplexityHotspots', 'switchboard.analyzeWorkspace']);
      assert.equal(index({ ...STATES.ready, files: 1, symbols: 1, skipped: 0 } as IndexState).description, '1 file · 1 symbol · 0 skipped');
    });

    it(`${name}: failed shows the reason and offers to try again and the log`, () => {
      const node = index(STATES.failed);
      assert.equal(node.description, 'failed: the worker exited with code 1');
      assert.equal(node.tone, 'error');
      assert.equal(node.command?.id, 'switchboard.analyzeWorkspace');
      assert.deepEqual(node.children?.map((c) => c.command?.id), ['switchboard.analyzeWorkspace', 'switchboard.showLog']);
    });
  }
});

describe('Models view commands and menus agree with package.json', () => {
  interface MenuItem {
    readonly command: string;
    readonly when?: string;
  }
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[]; viewsWelcome?: { view: string }[]; menus: Record<string, MenuItem[]> };
  };

  it('runs only commands that exist (contributed, or VS Code’s own)', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const nodes = [
      ...overview(NO_MODELS, { discovery: NOTHING_FOUND, ignoredInRestrictedMode: ['switchboard.models'] }),
      ...overview({ discovery: { enabled: false } }),
      ...Object.values(STATES).flatMap((index) => overview(NO_MODELS, { index })),
    ];
    for (const id of new Set(walk(nodes).flatMap((n) => (n.command ? [n.command.id] : [])))) {
      assert.ok(contributed.has(id) || id.startsWith('workbench.'), `${id} is not a contributed command`);
    }
  });

  it('has no welcome content for the Models view, which would never show beside the index', () => {
    assert.deepEqual((manifest.contributes.viewsWelcome ?? []).filter((w) => w.view === 'switchboard.models'), []);
  });

  it('offers Analyze Workspace inline and Show Complexity Hotspots in the context menu of a ready index', () => {
    const items = manifest.contributes.menus['view/item/context'] ?? [];
    const forIndex = (contextValue: string) =>
      items.filter((m) => {
        const match = /viewItem (==|=~) (\S+)/.exec(m.when ?? '');
        if (!m.when?.includes('view == switchboard.models') || !match) return false;
        return match[1] === '==' ? match[2] === contextValue : new RegExp(match[2]!.replace(/^\/|\/$/g, '')).test(contextValue);
      });
    const ready = forIndex(`index.${STATES.ready.kind}`).map((m) => m.command);
    assert.ok(ready.includes('switchboard.analyzeWorkspace'));
    assert.ok(ready.includes('switchboard.showComplexityHotspots'));
    assert.ok(!forIndex('index.indexing').some((m) => m.command === 'switchboard.showComplexityHotspots'));
  });
});
