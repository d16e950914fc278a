import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/log/logger';
import { BROKEN_DRAFT, DEFAULT_SCRIPT, profile, run, useTaskWorld, type ModelSpec } from './taskHarness';

/** What the Switchboard log says of a task that went well: its start and its end, with the figures. */
describe('task log lines', () => {
  const world = useTaskWorld();
  const MODELS: ModelSpec[] = [{ id: 'gpt-coder', server: 'openai', price: { input: 1, output: 2 } }];
  const TIERS = { plan: ['gpt-coder'], understand: ['gpt-coder'], generate: ['gpt-coder'], review: ['gpt-coder'] };

  it('logs a successful task’s start and end at info: task id, profile, phases, models, time and cost', async () => {
    const lines: string[] = [];
    const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${String(m)}`) };
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { log } });
    const { result } = await run(ports, { profile: profile('tests') });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.ok(lines.includes(`info Task ${result.taskId} (tests): started, phases plan → generate → validate.`), lines.join('\n'));
    const end = lines.find((l) => l.startsWith(`info Task ${result.taskId} (tests) succeeded:`));
    assert.ok(end, lines.join('\n'));
    assert.match(end, /plan succeeded on gpt-coder, generate succeeded on gpt-coder, validate passed; models gpt-coder; 0 ms; \$\d/);
    assert.ok(!lines.some((l) => l.startsWith('warn') || l.startsWith('error')), lines.join('\n'));
  });

  it('logs what a check found: its errors with code and place, and the end line says the check found them', async () => {
    const lines: string[] = [];
    const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${String(m)}`) };
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, ports: { log }, script: (kind, req, model) => (kind === 'generate' ? BROKEN_DRAFT : DEFAULT_SCRIPT(kind, req, model)) });
    const { result } = await run(ports, { profile: profile('tests') });
    assert.equal(result.validation?.status, 'failed');
    const found = lines.find((l) => /^info Task \S+ validate: the check found 1 new error: TS2322 src\/cart\.ts:6 .+\.$/.test(l));
    assert.ok(found, lines.join('\n'));
    // TypeScript's message ends its own sentence: the line does not add a second stop ("'number'..", "'./invoice.js'?.").
    assert.doesNotMatch(found, /[.?!]\.$/);
    const end = lines.find((l) => l.startsWith(`info Task ${result.taskId} (tests) succeeded:`));
    assert.match(end ?? '', /validate found 1 new error;/, lines.join('\n'));
  });

  it('logs a stopped task on one line, its reason clipped, while the result keeps the reason whole', async () => {
    const lines: string[] = [];
    const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${String(m)}`) };
    const long = `The server refused the request:\n${'a very long provider message '.repeat(40)}`;
    // Two models in the tier: the reason names each one's failure, past what one log line carries.
    const models: ModelSpec[] = [...MODELS, { id: 'claude-coder', server: 'anthropic' }];
    const tiers = { ...TIERS, plan: ['gpt-coder', 'claude-coder'] };
    const { ports } = world.setup({ models, tiers, ports: { log }, script: () => ({ kind: 'bad-request', message: long }) });
    const { result } = await run(ports, { profile: profile('tests') });
    assert.equal(result.status, 'failed');
    assert.ok((result.stoppedReason ?? '').length > 320, `the result keeps the whole reason (${result.stoppedReason?.length} characters)`);
    const stopped = lines.filter((l) => l.startsWith(`warn Task ${result.taskId} (tests) stopped: `));
    assert.equal(stopped.length, 1, lines.join('\n'));
    assert.ok(!stopped[0]!.includes('\n'), 'one line');
    assert.ok(stopped[0]!.length <= `warn Task ${result.taskId} (tests) stopped: `.length + 301, `${stopped[0]!.length} characters`);
  });
});
