import { z } from 'zod';
import { CAPABILITIES, COMPLEXITIES } from '../router/capabilities';

/**
 * What a person (or a task's validation) said about an answer, linked to the attempt that produced
 * it by request, model and capability:
 *
 * - `apply`: an Apply preview of a chat answer's code was accepted or rejected;
 * - `task-validation`: a multi-model task's change passed or failed its checks (type check, tests);
 * - `task-change`: the person accepted or rejected a task's change;
 * - `retry-other-model`: "Retry with another model", a mark against the model that answered first;
 * - `rating`: thumbs up or down on an answer (`cleared` takes a rating back).
 *
 * A structured-output schema failure is no signal of its own: it is the attempt record's
 * `schema-failed` outcome, already counted there.
 */
export const SIGNAL_KINDS = ['apply', 'task-validation', 'task-change', 'retry-other-model', 'rating'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const SIGNAL_VALUES = ['accepted', 'rejected', 'passed', 'failed', 'up', 'down', 'cleared'] as const;
export type SignalValue = (typeof SIGNAL_VALUES)[number];

/** The values each kind can take. */
export const SIGNAL_VALUES_OF: Readonly<Record<SignalKind, readonly SignalValue[]>> = {
  apply: ['accepted', 'rejected'],
  'task-validation': ['passed', 'failed'],
  'task-change': ['accepted', 'rejected'],
  'retry-other-model': ['rejected'],
  rating: ['up', 'down', 'cleared'],
};

/**
 * One quality signal as stored. It never holds code or text: only which answer (request id, model,
 * capability), what kind of signal, its value, when, and the workspace (budgets and figures are per
 * workspace). Parsing strips any other field, so nothing else can reach the disk.
 */
export const qualitySignalSchema = z
  .object({
    time: z.number().int().nonnegative(),
    kind: z.enum(SIGNAL_KINDS),
    value: z.enum(SIGNAL_VALUES),
    requestId: z.string().min(1).max(128),
    modelId: z.string().min(1).max(256),
    capability: z.enum(CAPABILITIES),
    /** The answer's request complexity, where it had one: the signal then counts for that complexity too. */
    complexity: z.enum(COMPLEXITIES).optional(),
    workspace: z.string().max(256).optional(),
  })
  .refine((s) => SIGNAL_VALUES_OF[s.kind].includes(s.value), { message: 'value does not belong to this kind', path: ['value'] });

export type QualitySignal = z.infer<typeof qualitySignalSchema>;

/** Which attempt a signal is about: the request, the model that answered it and the capability asked. */
export type SignalTarget = Pick<QualitySignal, 'requestId' | 'modelId' | 'capability'>;

/** +1: the answer was kept (accepted, passed, thumbs up); −1: it was not; 0: a rating taken back. */
export function signalPolarity(value: SignalValue): 1 | -1 | 0 {
  switch (value) {
    case 'accepted':
    case 'passed':
    case 'up':
      return 1;
    case 'rejected':
    case 'failed':
    case 'down':
      return -1;
    case 'cleared':
      return 0;
  }
}
