import assert from 'node:assert/strict';
import { isSecretPath } from '../../../src/core/tasks/research/secretPaths';
import { formatFindings, withoutHiddenFiles, MAX_FINDINGS, MAX_REVIEW_INPUT_CHARS, reviewRequestText, runReview } from '../../../src/core/lmTools/reviewTool';
import { MAX_TOOL_RESULT_CHARS } from '../../../src/core/lmTools/toolResults';
import type { Finding } from '../../../src/core/tasks/taskTypes';
import { useFakeProviders } from '../router/fakeProviderSuite';
import { makeRouter } from '../router/harness';

const finding = (i: number, severity: Finding['severity'], message = `problem ${i}`): Finding => ({ file: 'src/a.ts', startLine: i, endLine: i, severity, message });

describe('review tool', () => {
  const fake = useFakeProviders('sk-test-0123456789abcdefREVIEWTOOL');

  it('asks the review tier for the findings schema and returns the findings as JSON with the model that reviewed', async () => {
    const model = fake.model({ id: 'rev', provider: 'openai', model: 'gpt-4o-mini', local: false, contextWindow: 128_000 }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [model], tiers: { review: ['rev'] } });
    const answer = JSON.stringify({ findings: [{ file: 'src/a.ts', startLine: 2, endLine: 2, severity: 'warning', message: 'x may be undefined', suggestedFix: null }] });
    fake.openai.setHandler(() => ({ kind: 'text', chunks: [answer] }));
    const out = await runReview(router, { kind: 'file', path: 'src/a.ts', text: 'const x = f();\nx.go();\n' }, 'null safety', { origin: 'tool' });
    assert.equal(out.ok, true);
    assert.deepEqual(JSON.parse(out.text), { reviewed: { file: 'src/a.ts' }, reviewedBy: 'rev', findings: [{ file: 'src/a.ts', startLine: 2, endLine: 2, severity: 'warning', message: 'x may be undefined' }] });
    const body = fake.openai.chatRequests[0]?.body as { response_format?: { type?: string; json_schema?: { name?: string } }; messages: { content: string }[] };
    assert.equal(body.response_format?.json_schema?.name, 'findings', 'native structured output with the findings schema');
    assert.match(body.messages[1]?.content ?? '', /Review the file src\/a\.ts\. Its lines are numbered[\s\S]*Look in particular for: null safety[\s\S]*1\tconst x = f\(\);\n2\tx\.go\(\);/);
  });

  it('says why when no model gives a valid review', async () => {
    const model = fake.model({ id: 'rev', provider: 'openai', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [model], tiers: { review: ['rev'] } });
    fake.openai.setHandler(() => ({ kind: 'server-error', status: 500 }));
    const out = await runReview(router, { kind: 'changes', diff: 'diff --git a/x b/x' }, undefined, {});
    assert.equal(out.ok, false);
    assert.match(out.text, /^The review tier gave no valid review: /);
  });

  it('caps the code sent and says so in the prompt', () => {
    const diff = Array.from({ length: 3000 }, (_, i) => `+line ${i} ${'y'.repeat(30)}`).join('\n');
    const { text, inputTruncated } = reviewRequestText({ kind: 'changes', diff }, undefined);
    assert.equal(inputTruncated, true);
    assert.ok(text.length < MAX_REVIEW_INPUT_CHARS + 1000);
    assert.match(text, /Only the first \d+ of \d+ characters are shown/);
  });

  it('lists errors first, at most MAX_FINDINGS, counts the rest, and cuts by whole findings so the JSON parses', () => {
    const many = Array.from({ length: 80 }, (_, i) => finding(i + 1, i % 10 === 0 ? 'error' : 'info', 'long '.repeat(200)));
    const { text, findings } = formatFindings({ kind: 'file', path: 'src/a.ts', text: '' }, many, 'rev', true);
    assert.ok(text.length <= MAX_TOOL_RESULT_CHARS);
    const parsed = JSON.parse(text) as { findings: Finding[]; omittedFindings: number; inputTruncated: string };
    assert.ok(findings.length < MAX_FINDINGS && findings.length > 0);
    assert.equal(parsed.omittedFindings, 80 - findings.length);
    assert.ok(parsed.findings.slice(0, 8).every((f) => f.severity === 'error'));
    assert.match(parsed.inputTruncated, /only the first/);
  });
});

describe('review tool: pending changes', () => {
  it('leaves secret files out of the diff and names them', () => {
    const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-a\n+b\ndiff --git a/.env b/.env\n--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-K=1\n+K=SECRET\n';
    const out = withoutHiddenFiles(diff, isSecretPath);
    assert.deepEqual(out.hidden, ['.env']);
    assert.ok(!out.diff.includes('SECRET'));
    assert.match(out.diff, /^diff --git a\/src\/a\.ts b\/src\/a\.ts\n[\s\S]*\+b\n$/);
  });

  it('leaves out a secret whose path git quotes (non-ASCII letters, quotes, backslashes, control characters)', () => {
    // What `git diff` prints (core.quotePath is on by default) for données/.env and for `my "x".pem`.
    const envSection = 'diff --git "a/donn\\303\\251es/.env" "b/donn\\303\\251es/.env"\nindex 1..2 100644\n--- "a/donn\\303\\251es/.env"\n+++ "b/donn\\303\\251es/.env"\n@@ -1 +1 @@\n-A=1\n+A=SECRET_ONE\n';
    const pemSection = 'diff --git "a/my \\"x\\".pem" "b/my \\"x\\".pem"\nindex 1..2 100644\n--- "a/my \\"x\\".pem"\n+++ "b/my \\"x\\".pem"\n@@ -1 +1 @@\n-k\n+SECRET_TWO\n';
    const kept = 'diff --git "a/caf\\303\\251.ts" "b/caf\\303\\251.ts"\n--- "a/caf\\303\\251.ts"\n+++ "b/caf\\303\\251.ts"\n@@ -1 +1 @@\n-a\n+b\n';
    const out = withoutHiddenFiles(envSection + pemSection + kept, isSecretPath);
    assert.ok(!out.diff.includes('SECRET_ONE'), 'the quoted .env section is left out');
    assert.ok(!out.diff.includes('SECRET_TWO'), 'the quoted .pem section is left out');
    assert.deepEqual(out.hidden, ['données/.env', 'my "x".pem']);
    assert.equal(out.diff, kept, 'a quoted path that is not a secret stays');
  });

  it('leaves out a section whose header it cannot read (git configured with diff.noprefix or mnemonic prefixes)', () => {
    const diff = 'diff --git .env .env\n--- .env\n+++ .env\n@@ -1 +1 @@\n-K=1\n+K=SECRET\n';
    const out = withoutHiddenFiles(diff, isSecretPath);
    assert.equal(out.diff, '');
    assert.deepEqual(out.hidden, ['.env .env']);
  });
});
