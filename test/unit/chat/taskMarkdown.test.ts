import assert from 'node:assert/strict';
import type { Conversation } from '../../../src/core/chat/conversationSchema';
import { conversationToMarkdown } from '../../../src/core/chat/markdownExport';
import { finishedTaskCard } from './taskCards';

describe('task cards in the Markdown export', () => {
  const conversation: Conversation = { id: 'c', title: 'Discounts', createdAt: 0, updatedAt: 0, messages: [finishedTaskCard()] };
  const md = conversationToMarkdown(conversation, new Date('2026-11-24T09:00:00Z'));

  it('writes each phase with its model, status, time, tokens and cost, and the totals', () => {
    assert.match(md, /## Task: Implement \(succeeded\)\n\nadd a discount code to the checkout\n/);
    assert.match(md, /- \*\*Plan\*\* · succeeded · claude-sonnet via anthropic · 1\.2 s · 500 in \/ 200 out tokens · \$0\.012\n/);
    assert.match(md, /- \*\*Generate\*\* · succeeded · gpt-4o via openai · 3\.0 s · 2,000 in \/ 900 out tokens · \$0\.031\n {2}- fell back from local-coder to gpt-4o: Ollama is not running\n/);
    assert.match(md, /- \*\*Research\*\* · succeeded · local-coder · 400 ms · 100 in \/ 50 out tokens · unknown\n/);
    assert.match(md, /- \*\*Refine\*\* · skipped\n {2}- not needed\n/);
    // A check says what it found, as on the card ("Validate succeeded" said only that it ran).
    assert.match(md, /- \*\*Validate\*\* · passed\b/);
    assert.match(md, /\*\*Total:\*\* 5\.7 s · 3,500 in \/ 1,250 out tokens · ≥ \$0\.052 · models: claude-sonnet, local-coder, gpt-4o\n/);
  });

  it('writes the plan, the findings and the changed files, with model text unable to open HTML', () => {
    assert.match(md, /### Plan\n\nAdd a discount code\n\n1\. Add the field \(`src\/checkout\.ts`\)\n2\. Apply it \(`src\/cart\.ts`\)\n/);
    assert.match(md, /### Findings \(review\)\n\n- warning `src\/cart\.ts:14`: Discount \\<b\\>not\\<\/b\\> capped Suggested fix: Math\.min\(total, code\.amount\)\n/);
    assert.match(md, /### Changes\n\n- edit `src\/checkout\.ts` \(\+2 −1\)\n/);
  });

  it('says where a cascade stopped and what it saved, and why a task stopped', () => {
    const other = conversationToMarkdown({
      ...conversation,
      messages: [finishedTaskCard({ status: 'failed', cascade: { tried: ['mini', 'big'], stoppedAt: 'mini', savedUsd: 0.042 }, stoppedReason: 'generate failed' })],
    });
    assert.match(other, /Cascade stopped at mini, saved about \$0\.042 against the top model\./);
    assert.match(other, /Stopped: generate failed/);
  });
});
