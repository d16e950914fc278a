import { SYSTEM_PROMPTS, type PromptKind } from '../../src/core/tasks/phasePrompts';
import type { RecordedRequest } from './fakeProviders';

/*
 * Reading what a task phase sent a fake server: which phase asked (its system prompt says), which
 * model, and the whole body as text to search. Shared by the unit, integration and e2e task tests.
 */

/** The prompt kind a recorded request was asked with, read from its system prompt. */
export function kindOf(request: RecordedRequest): PromptKind | undefined {
  const body = JSON.stringify(request.body);
  return (Object.keys(SYSTEM_PROMPTS) as PromptKind[]).find((k) => body.includes(SYSTEM_PROMPTS[k]));
}

/** The provider model a request asked for. */
export function modelOf(request: RecordedRequest): string {
  return String((request.body as { model?: unknown }).model);
}

/** Everything the request sent, as one string to search. */
export function bodyText(request: RecordedRequest): string {
  return JSON.stringify(request.body);
}
