import assert from 'node:assert/strict';
import type { ResearchSource, ResearchTool } from '../../../src/core/tasks/taskPorts';
import { silentLogger } from '../../../src/core/log/logger';
import { RESEARCH_TOOL_STEPS } from '../../../src/core/tasks/phaseSpecs';
import { DEFAULT_SCRIPT, bodyText, profile, run, useTaskWorld, type ModelSpec } from './taskHarness';

/** The research phase with read-only tools: a tool-calling model explores for a bounded number of rounds. */
describe('runTask research with tools', () => {
  const world = useTaskWorld();
  const MODELS: ModelSpec[] = [
    { id: 'claude-plan', server: 'anthropic' },
    { id: 'gpt-research', server: 'openai' },
    { id: 'claude-coder', server: 'anthropic' },
    { id: 'claude-review', server: 'anthropic' },
  ];
  const TIERS = { plan: ['claude-plan'], understand: ['gpt-research'], generate: ['claude-coder'], review: ['claude-review'] };

  /** One read-only tool that answers with the file's (fake) text, and counts its calls. */
  function source(): { research: ResearchSource; calls: string[] } {
    const calls: string[] = [];
    const readFile: ResearchTool = {
      definition: { name: 'read_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
      run: async (args) => {
        const path = String((args as { path?: unknown }).path);
        calls.push(path);
        return `contents of ${path}: export const RATE = 0.9;`;
      },
    };
    return { research: { gather: async () => ({ context: 'ranked map: src/cart.ts', sources: ['src/cart.ts'] }), tools: () => [readFile] }, calls };
  }

  it('gives the research model the tools, sends each result back, and stops at the bound', async () => {
    const { research, calls } = source();
    let researchAsks = 0;
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => {
        if (kind !== 'research') return DEFAULT_SCRIPT(kind, req, model);
        researchAsks++;
        // Always asks for another file while tools are offered with choice auto: only the bound stops it.
        const toolChoice = (req.body as { tool_choice?: unknown }).tool_choice;
        if (toolChoice === 'none') return { text: 'RATE lives in src/rates.ts.' };
        return { kind: 'text', chunks: [], toolCalls: [{ id: `call_${researchAsks}`, name: 'read_file', arguments: JSON.stringify({ path: `src/f${researchAsks}.ts` }) }] };
      },
      ports: { research },
    });
    const { result } = await run(ports, { profile: profile('implement', { approvePlan: false }) });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.equal(researchAsks, RESEARCH_TOOL_STEPS + 1, 'the bounded rounds, then one summary');
    assert.equal(calls.length, RESEARCH_TOOL_STEPS, 'one tool call per round');
    const researchRequests = world.server('openai').chatRequests;
    assert.match(bodyText(researchRequests[1]!), /contents of src\/f1\.ts/, 'the tool result went back to the model');
    const phase = result.phases.find((p) => p.key === 'research');
    assert.equal(phase?.output?.kind, 'research');
    assert.equal(phase?.output?.kind === 'research' ? phase.output.toolCalls : -1, RESEARCH_TOOL_STEPS);
    assert.match(phase?.output?.kind === 'research' ? phase.output.context : '', /RATE lives in src\/rates\.ts/);
    const generate = world.requests().find((r) => r.kind === 'generate');
    assert.match(bodyText(generate!.request), /RATE lives in src\/rates\.ts/, 'generate receives what research found');
  });
  it('Stop while a research tool runs: research is stopped, not succeeded, and a resume runs it again', async () => {
    const controller = new AbortController();
    let toolRuns = 0;
    const readFile: ResearchTool = {
      definition: { name: 'read_file', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
      run: async () => {
        toolRuns++;
        controller.abort(); // the person presses Stop while the tool reads
        return 'export const RATE = 0.9;';
      },
    };
    const research: ResearchSource = { gather: async () => ({ context: 'ranked map: src/cart.ts', sources: ['src/cart.ts'] }), tools: () => [readFile] };
    const { ports } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) =>
        kind === 'research' ? { kind: 'text', chunks: [], toolCalls: [{ id: 'call_1', name: 'read_file', arguments: JSON.stringify({ path: 'src/cart.ts' }) }] } : DEFAULT_SCRIPT(kind, req, model),
      ports: { research },
    });
    const { result } = await run(ports, { profile: profile('implement', { approvePlan: false }) }, { signal: controller.signal });
    assert.equal(toolRuns, 1);
    assert.equal(result.status, 'cancelled');
    assert.equal(result.phases.find((p) => p.key === 'research')?.status, 'cancelled', 'the exploration was cut short: its (empty) notes are not a finished research');
    assert.equal(result.resumeFrom, 'research', 'a resume explores again rather than reusing what Stop cut short');
    assert.ok(!world.requests().some((r) => r.kind === 'generate'));
  });

  it('tells the person what research said about its context (it waited for the index, or went without it), once research has started', async () => {
    const wait = 'Research went on without the workspace index, still being built after 15 s (3,400 of 12,000 files): its context is the files the task names.';
    const research: ResearchSource = {
      gather: async (_query, _tokens, _signal, onNote) => {
        onNote?.({ text: wait, level: 'warn' });
        return { context: 'ranked map: src/cart.ts', sources: ['src/cart.ts'] };
      },
      tools: () => [],
    };
    const warnings: string[] = [];
    const log = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, script: DEFAULT_SCRIPT, ports: { research, log } });
    const { events, result } = await run(ports, { profile: profile('implement', { approvePlan: false }) });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    const notes = events.flatMap((e) => (e.type === 'note' ? [e.text] : []));
    assert.ok(notes.includes(wait), notes.join(' | '));
    // The wait is part of research: the card shows the phase running while the index is built.
    const started = events.findIndex((e) => e.type === 'phase-start' && e.key === 'research');
    const said = events.findIndex((e) => e.type === 'note' && e.text === wait);
    assert.ok(started >= 0 && started < said, `research started at event ${started}, the note came at ${said}`);
    assert.ok(warnings.some((w) => w.endsWith(`: ${wait}`)), `the log says so too, at its level: ${warnings.join(' | ')}`);
  });
});
