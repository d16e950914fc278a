import assert from 'node:assert/strict';
import type { ModelRequest } from '../../../../src/core/providers/contract';
import type { RouteEvent } from '../../../../src/core/router/routeEvents';
import type { RouteOptions } from '../../../../src/core/router/routeOptions';
import { PhaseRouter } from '../../../../src/core/tasks/phaseRouter';
import { runResearchTools } from '../../../../src/core/tasks/research/researchLoop';
import type { TaskRouter } from '../../../../src/core/tasks/taskPorts';
import type { FakeBehaviour, RecordedRequest } from '../../../support/fakeProviders';
import { useFakeProviders } from '../../router/fakeProviderSuite';
import { makeRouter } from '../../router/harness';
import { researchFixture, SECRET, type ResearchFixture } from './researchWorkspace';

/**
 * The research loop against the real router and adapters (real SDKs over real HTTP) on the fake
 * servers, with the real tools over a real workspace and index.
 */
describe('research tool loop', () => {
  const fake = useFakeProviders('sk-test-0123456789abcdefRESEARCH');
  let fx: ResearchFixture;
  before(async () => {
    fx = await researchFixture();
  });
  after(() => fx.dispose());

  const request: ModelRequest = {
    messages: [
      { role: 'system', content: 'You research a TypeScript workspace with the tools given.' },
      { role: 'user', content: 'How is the cart total computed?' },
    ],
  };

  function gpt() {
    const model = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false, contextWindow: 128_000 }, fake.openai.baseURL);
    return makeRouter({ models: [model], tiers: { understand: ['gpt'] } }).router;
  }

  function claude() {
    const model = fake.model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, contextWindow: 200_000 }, fake.anthropic.baseURL);
    return makeRouter({ models: [model], tiers: { understand: ['claude'] } }).router;
  }

  /** The phase's router, as the research phase hands it to the loop. */
  const phase = (router: Pick<TaskRouter, 'complete'>, base: RouteOptions = {}, onEvent: (e: RouteEvent) => void = () => undefined) => new PhaseRouter(router, base, onEvent);

  const body = (r: RecordedRequest | undefined) => r?.body as Record<string, unknown>;
  const messagesOf = (r: RecordedRequest | undefined) => body(r)['messages'] as Record<string, unknown>[];
  /** Calls a tool in every round, until it is told it may not; then summarises. */
  const keepCalling = (name: string, args: object) => (r: RecordedRequest, i: number): FakeBehaviour =>
    body(r)['tool_choice'] === 'none' || (body(r)['tool_choice'] as { type?: string } | undefined)?.type === 'none'
      ? { kind: 'text', chunks: ['CartService.total sums the items and applies the discount.'] }
      : { kind: 'text', chunks: [], toolCalls: [{ id: `call_${i}`, name, arguments: JSON.stringify(args) }] };

  it('stops at its bound: maxSteps rounds with tools, then one summary call without', async () => {
    fake.openai.setHandler(keepCalling('read_file', { path: 'src/cart.ts', startLine: 3, endLine: 4 }));
    const events: RouteEvent[] = [];
    const out = await runResearchTools(phase(gpt(), { taskId: 't1', phase: 'research' }, (e) => events.push(e)), 'understand', request, fx.tools, { maxSteps: 3 });

    assert.equal(fake.openai.chatRequests.length, 4, 'exactly maxSteps + 1 requests');
    assert.equal(out.toolCalls, 3);
    assert.equal(out.results.length, 4);
    assert.equal(out.transcript, 'CartService.total sums the items and applies the discount.');
    assert.deepEqual(fake.openai.chatRequests.map((r) => body(r)['tool_choice']), ['auto', 'auto', 'auto', 'none']);
    const last = messagesOf(fake.openai.chatRequests[3]);
    assert.equal(last.at(-1)?.['role'], 'user');
    assert.match(String(last.at(-1)?.['content']), /^Stop calling tools now\. Summarise/);
    assert.equal(events.filter((e) => e.type === 'done').length, 4, 'every round\'s events reached the listener');
    assert.equal(events.filter((e) => e.type === 'tool-call').length, 3);
    assert.ok(out.results.every((r) => r.attempts[0]?.taskId === 't1' && r.attempts[0]?.phase === 'research'));
  });

  it('sends each tool result back to the model in the next request, after the assistant turn that asked for it', async () => {
    fake.openai.setHandler(keepCalling('read_file', { path: 'src/cart.ts', startLine: 8, endLine: 8 }));
    await runResearchTools(phase(gpt()), 'understand', request, fx.tools, { maxSteps: 1 });
    const second = messagesOf(fake.openai.chatRequests[1]);
    const assistant = second.at(-3) as { role: string; tool_calls: { id: string; function: { name: string; arguments: string } }[] };
    assert.equal(assistant.role, 'assistant');
    assert.deepEqual(assistant.tool_calls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]), [['call_0', 'read_file', { path: 'src/cart.ts', startLine: 8, endLine: 8 }]]);
    assert.deepEqual(second.at(-2), { role: 'tool', tool_call_id: 'call_0', content: 'src/cart.ts (lines 8-8 of 12)\n8\t  total(discount?: DiscountCode): number {' });
  });

  it('ends early when the model answers without a tool', async () => {
    fake.openai.enqueue({ kind: 'text', chunks: ['The total is a sum.'] });
    const out = await runResearchTools(phase(gpt()), 'understand', request, fx.tools, { maxSteps: 4 });
    assert.deepEqual([out.transcript, out.toolCalls, out.results.length, fake.openai.chatRequests.length], ['The total is a sum.', 0, 1, 1]);
  });

  it('never sends an ignored file, a secret or a file outside the workspace; the refusals go back as errors', async () => {
    const calls = [
      { id: 'toolu_env', name: 'read_file', arguments: JSON.stringify({ path: '.env' }) },
      { id: 'toolu_ign', name: 'read_file', arguments: JSON.stringify({ path: 'local-notes.ts' }) },
      { id: 'toolu_out', name: 'read_file', arguments: JSON.stringify({ path: '../../etc/hosts' }) },
      { id: 'toolu_lnk', name: 'read_file', arguments: JSON.stringify({ path: 'src/outside.ts' }) },
      { id: 'toolu_grep', name: 'search_text', arguments: JSON.stringify({ query: 'PRIVATE KEY|_authToken|API_KEY', regex: true }) },
      { id: 'toolu_bad', name: 'read_file', arguments: JSON.stringify({ file: 'src/cart.ts' }) },
      { id: 'toolu_none', name: 'write_file', arguments: JSON.stringify({ path: 'src/cart.ts' }) },
    ];
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Looking.'], toolCalls: calls }, { kind: 'text', chunks: ['Nothing secret here.'] });
    const out = await runResearchTools(phase(claude()), 'understand', request, fx.tools, { maxSteps: 2 });
    assert.equal(out.toolCalls, 7);
    assert.equal(out.transcript, 'Nothing secret here.');
    for (const r of fake.anthropic.chatRequests) assert.ok(!JSON.stringify(r.body).includes(SECRET));
    const results = (messagesOf(fake.anthropic.chatRequests[1]).at(-1)?.['content'] as { tool_use_id: string; content: string; is_error?: boolean }[]);
    const byId = Object.fromEntries(results.map((b) => [b.tool_use_id, [b.is_error ?? false, b.content]]));
    assert.deepEqual(byId['toolu_env'], [true, '.env may hold secrets and is never read']);
    assert.deepEqual(byId['toolu_ign'], [true, 'local-notes.ts is ignored (.gitignore or the exclude settings) and is not read']);
    assert.match(String(byId['toolu_out']?.[1]), /outside the workspace/);
    assert.match(String(byId['toolu_lnk']?.[1]), /leads outside the workspace/);
    assert.deepEqual(byId['toolu_grep']?.[0], false, 'a search that finds nothing is an answer, not an error');
    assert.match(String(byId['toolu_grep']?.[1]), /^No match for /);
    assert.deepEqual(byId['toolu_bad'], [true, 'Invalid arguments for read_file: path: Invalid input: expected string, received undefined']);
    assert.deepEqual(byId['toolu_none'], [true, 'There is no tool named write_file. The tools are: read_file, find_symbol, search_text, repo_map.']);
  });

  it('stops with what it has when a round fails', async () => {
    fake.openai.enqueue({ kind: 'text', chunks: [], toolCalls: [{ id: 'call_a', name: 'find_symbol', arguments: '{"name":"CartService"}' }] }, { kind: 'auth' });
    const out = await runResearchTools(phase(gpt()), 'understand', request, fx.tools, { maxSteps: 3 });
    assert.equal(fake.openai.chatRequests.length, 2);
    assert.deepEqual(out.results.map((r) => r.outcome), ['success', 'error']);
    assert.equal(out.toolCalls, 1);
    assert.equal(out.transcript, '');
  });

  it('goes on when an event listener throws', async () => {
    fake.openai.setHandler(keepCalling('repo_map', {}));
    const throwing = phase(gpt(), {}, () => {
      throw new Error('listener bug');
    });
    const out = await runResearchTools(throwing, 'understand', request, fx.tools, { maxSteps: 1 });
    assert.equal(out.results.length, 2);
    assert.match(String(messagesOf(fake.openai.chatRequests[1]).at(-2)?.['content']), /src\/(cart|discount)\.ts:/);
  });
});
