import assert from 'node:assert/strict';
import { silentLogger, type Logger } from '../../../../src/core/log/logger';
import { externalResearchTools, MAX_EXTERNAL_TOOLS, SessionAllowances, withExtraTools, type ExternalCall, type ExternalCallDecision, type ExternalToolPort } from '../../../../src/core/tasks/research/externalTools';
import { MAX_TOOL_OUTPUT_CHARS } from '../../../../src/core/tasks/research/researchTools';
import type { ResearchSource } from '../../../../src/core/tasks/taskPorts';

function port(names: string[], answer: (name: string, input: object) => string = (n) => `${n} answered`): ExternalToolPort & { calls: { name: string; input: object }[] } {
  const calls: { name: string; input: object }[] = [];
  return {
    calls,
    list: () => names.map((name) => ({ name, description: `the ${name} tool`, inputSchema: { type: 'object', properties: { q: { type: 'string' } } } })),
    invoke: async (name, input) => {
      calls.push({ name, input });
      return answer(name, input);
    },
  };
}

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentLogger, lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

describe('external tools in research', () => {
  const exclude = new Set(['switchboard_review', 'read_file']);

  it('offers other extensions\' tools, never Switchboard\'s own, a research tool\'s name or a name a provider refuses', () => {
    const tools = externalResearchTools(port(['mcp_search', 'switchboard_review', 'read_file', 'has space', 'x'.repeat(65)]), { allowances: new SessionAllowances(), exclude, setting: true, log: silentLogger });
    assert.deepEqual(tools.map((t) => t.definition.name), ['mcp_search']);
    assert.match(tools[0]?.definition.description ?? '', /^\(From another extension; the person confirms each call\.\) the mcp_search tool/);
    assert.deepEqual(tools[0]?.definition.inputSchema, { type: 'object', properties: { q: { type: 'string' } } });
  });

  it('offers at most MAX_EXTERNAL_TOOLS', () => {
    const many = Array.from({ length: MAX_EXTERNAL_TOOLS + 5 }, (_, i) => `t${i}`);
    assert.equal(externalResearchTools(port(many), { allowances: new SessionAllowances(), exclude, setting: true, log: silentLogger }).length, MAX_EXTERNAL_TOOLS);
  });

  it('asks before each call; "allow" holds for one call, "allow for this session" for every later one', async () => {
    const p = port(['mcp_search']);
    const asked: ExternalCall[] = [];
    const answers: ExternalCallDecision[] = ['allow', 'allow-session'];
    const allowances = new SessionAllowances();
    const confirm = async (call: ExternalCall) => {
      asked.push(call);
      return answers.shift() ?? 'deny';
    };
    const notes: string[] = [];
    const [tool] = externalResearchTools(p, { confirm, allowances, exclude, setting: true, log: silentLogger, note: (text) => notes.push(text) });
    assert.equal(await tool?.run({ q: 'a' }), 'mcp_search answered');
    assert.equal(await tool?.run({ q: 'b' }), 'mcp_search answered');
    // The card says a dialog waits, then what the person answered; an allowance needs no dialog, so no line.
    assert.deepEqual(notes, [
      'Research wants to call mcp_search, a tool from another extension: waiting for your answer in the dialog.',
      'You allowed this call to mcp_search.',
      'Research wants to call mcp_search, a tool from another extension: waiting for your answer in the dialog.',
      'You allowed mcp_search for this session.',
    ]);
    // A later task of the same session reuses the allowance.
    const [again] = externalResearchTools(p, { confirm, allowances, exclude, setting: true, log: silentLogger });
    assert.equal(await again?.run({ q: 'c' }), 'mcp_search answered');
    assert.deepEqual(asked.map((c) => c.input), [{ q: 'a' }, { q: 'b' }]);
    assert.deepEqual(p.calls.map((c) => c.input), [{ q: 'a' }, { q: 'b' }, { q: 'c' }]);
  });

  it('a declined call is not made, is logged, and tells the model to go on without it', async () => {
    const p = port(['mcp_search']);
    const log = recordingLog();
    const notes: string[] = [];
    const [tool] = externalResearchTools(p, { confirm: async () => 'deny', allowances: new SessionAllowances(), exclude, setting: true, log, note: (text) => notes.push(text) });
    await assert.rejects(tool!.run({ q: 'a' }), /The person declined this call to mcp_search\. Do not call it again/);
    assert.equal(p.calls.length, 0);
    assert.equal(notes.at(-1), 'You declined mcp_search; research goes on without it.');
    assert.ok(log.lines.some((l) => l.startsWith('info research: the person declined a call to external tool mcp_search')));
  });

  it('without a confirm port the host confirms (the participant\'s token): the call goes straight to it', async () => {
    const p = port(['mcp_search']);
    const [tool] = externalResearchTools(p, { allowances: new SessionAllowances(), exclude, setting: true, log: silentLogger });
    assert.equal(await tool?.run({}), 'mcp_search answered');
  });

  it('bounds a long answer, logs a failure, refuses arguments that are not an object', async () => {
    const log = recordingLog();
    const p = port(['big', 'broken'], (name) => {
      if (name === 'broken') throw new Error('server down');
      return 'z\n'.repeat(MAX_TOOL_OUTPUT_CHARS);
    });
    const [big, broken] = externalResearchTools(p, { allowances: new SessionAllowances(), exclude, setting: true, log });
    const text = await big!.run({});
    assert.ok(text.length <= MAX_TOOL_OUTPUT_CHARS);
    assert.match(text, /\[truncated: \d+ of \d+ characters shown; /);
    await assert.rejects(broken!.run({}), /^Error: broken failed: server down$/);
    assert.ok(log.lines.includes('warn research: external tool broken failed: server down'));
    await assert.rejects(big!.run([1]), /Invalid arguments for big: expected a JSON object/);
  });

  it('adds the extra tools after the workspace\'s, never shadowing one', async () => {
    const own = externalResearchTools(port(['read_file']), { allowances: new SessionAllowances(), exclude: new Set(), setting: true, log: silentLogger });
    const source: ResearchSource = { gather: async () => ({ context: 'ctx', sources: [] }), tools: () => own };
    const extra = externalResearchTools(port(['read_file', 'mcp_search']), { allowances: new SessionAllowances(), exclude: new Set(), setting: true, log: silentLogger });
    const combined = withExtraTools(source, () => extra);
    assert.deepEqual(combined.tools().map((t) => t.definition.name), ['read_file', 'mcp_search']);
    assert.deepEqual(await combined.gather({ instruction: '', files: [], planFiles: [] }, 10), { context: 'ctx', sources: [] });
  });
});
