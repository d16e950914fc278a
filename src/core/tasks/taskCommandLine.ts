import type { TaskProfile } from './taskTypes';

export type ParsedTaskCommand =
  | { readonly ok: true; readonly profile: TaskProfile; readonly instruction: string }
  | { readonly ok: false; readonly message: string };

/**
 * `/task [profile] instruction` in the `@switchboard` participant: a first word naming a profile
 * (case-insensitive) picks it, otherwise `fallbackId` runs with the whole text. A profile named
 * with nothing after it is an error, not an empty task.
 */
export function parseTaskCommand(prompt: string, profiles: readonly TaskProfile[], fallbackId = 'implement'): ParsedTaskCommand {
  const text = prompt.trim();
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  const first = match?.[1]?.toLowerCase();
  const named = first ? profiles.find((p) => p.id.toLowerCase() === first) : undefined;
  const profile = named ?? profiles.find((p) => p.id === fallbackId) ?? profiles[0];
  if (!profile) return { ok: false, message: 'No task profile is configured (switchboard.tasks).' };
  const instruction = (named ? (match?.[2] ?? '') : text).trim();
  if (instruction.length === 0) {
    const ids = profiles.map((p) => p.id).join(', ');
    return { ok: false, message: `Say what the task should do: /task [${ids}] instruction.` };
  }
  return { ok: true, profile, instruction };
}
