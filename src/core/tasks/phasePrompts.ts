import type { PhaseName } from './taskTypes';

/** What each kind of call is asked to do; the profile's per-phase instructions are added after. */
export const SYSTEM_PROMPTS = {
  plan: 'You plan a change to a code base. Answer with a short summary and the ordered steps, each naming the workspace-relative files it touches.',
  research: 'You gather what a developer needs to know before changing this code: the relevant symbols, files, conventions and pitfalls. Answer with concise notes.',
  generate:
    'You change a code base. Answer with the change set: every file you edit or create with its whole new text, files to delete or rename. Follow the plan when there is one; keep to the task.',
  review: 'You review a proposed change. Report each real problem as a finding with its file, line range, severity, message and a suggested fix; report none when the change is sound.',
  refine:
    'You revise a proposed change set so that it fixes every finding and type-check error listed. Answer with the whole revised change set (every file of it, with its whole new text).',
  judge: 'You judge whether a proposed change does what the task asks, correctly and completely. Accept it or reject it, with the reason.',
  revise: 'You drafted the change set below; reviewers critiqued it. Revise it to address every critique that is right. Answer with the whole revised change set.',
} as const;

export type PromptKind = keyof typeof SYSTEM_PROMPTS;

export function systemPrompt(kind: PromptKind, extra: string | undefined): string {
  return extra ? `${SYSTEM_PROMPTS[kind]}\n\n${extra}` : SYSTEM_PROMPTS[kind];
}

/** The schema name each structured answer goes by on the wire. */
export const SCHEMA_NAMES: Readonly<Partial<Record<PhaseName | 'judge', string>>> = {
  plan: 'plan',
  generate: 'change_set',
  refine: 'change_set',
  review: 'findings',
  judge: 'verdict',
};
