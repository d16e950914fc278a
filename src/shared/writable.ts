/**
 * `T` with every field assignable: for a result built field by field, its optional fields added by
 * assignment. An object literal with a spread per optional field is the obvious way to write one and
 * is slow on Node 20 (see phaseResultOf in core/tasks/taskTotals.ts).
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
