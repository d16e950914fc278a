import { createHash } from 'node:crypto';
import type { ChatMessage } from '../providers/contract';
import type { Capability } from '../router/capabilities';

export interface CacheKeyInput {
  readonly workspace?: string;
  readonly capability: Capability;
  /** The model ids that could answer, in order: a different tier is a different question. */
  readonly tier: readonly string[];
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number;
  /** The structured output asked for (a schema, or bare JSON), when any. */
  readonly shape?: unknown;
}

/** Whitespace that does not change what was asked: line endings, trailing and repeated blanks. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function cacheKey(input: CacheKeyInput): string {
  const normalized = {
    w: input.workspace ?? null,
    c: input.capability,
    t: input.tier,
    m: input.messages.map((m) => [m.role, normalizeWhitespace(m.content)]),
    T: input.temperature ?? null,
    // Only present when asked for, so the keys of plain requests stay what they were.
    ...(input.shape !== undefined ? { s: input.shape } : {}),
  };
  return createHash('sha256').update(JSON.stringify(normalized)).digest('hex');
}
