// The validation thread: type-checks change sets off the extension host's thread. Building a
// TypeScript program is synchronous and takes seconds on a real project (2.9 s for this repository's
// first check); run on the host it froze every extension and the chat for that long. One thread holds
// a warm validator per workspace folder, as the host did. validationThread.ts starts it.
import { parentPort } from 'node:worker_threads';
import { mergeCodeBlock } from '../chat/applyMerge';
import type { Logger } from '../log/logger';
import { TypeScriptValidator } from './typeScriptValidator';
import { toThreadSchema, type FromThread, type LogLevel, type ToThread } from './validationProtocol';

const port = parentPort;
if (!port) throw new Error('validationWorker.ts runs as a worker thread');

const send = (message: FromThread): void => port.postMessage(message);
const line =
  (level: LogLevel) =>
  (message: string | Error): void =>
    send({ type: 'log', level, message: message instanceof Error ? message.message : message });
const log: Logger = { trace: line('trace'), debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };

const validators = new Map<string, TypeScriptValidator>();
const running = new Map<number, AbortController>();

function validatorFor(folder: { root: string; libDirectory?: string | undefined }): TypeScriptValidator {
  let validator = validators.get(folder.root);
  if (!validator) {
    validator = new TypeScriptValidator({ root: folder.root, log, ...(folder.libDirectory ? { libDirectory: folder.libDirectory } : {}) });
    validators.set(folder.root, validator);
  }
  return validator;
}

async function validate(message: Extract<ToThread, { type: 'validate' }>): Promise<void> {
  const controller = new AbortController();
  running.set(message.id, controller);
  try {
    const report = await validatorFor(message.folder).validate(message.changes, controller.signal);
    send({ type: 'report', id: message.id, report });
  } catch (error) {
    send({ type: 'failed', id: message.id, message: errorText(error), aborted: controller.signal.aborted });
  } finally {
    running.delete(message.id);
  }
}

port.on('message', (raw: unknown) => {
  const parsed = toThreadSchema.safeParse(raw);
  if (!parsed.success) {
    log.error(`Validation thread: a message it cannot read (${parsed.error.issues[0]?.message ?? 'invalid'}); ignored.`);
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case 'validate':
      void validate(message);
      break;
    case 'prepare':
      void prepare(message);
      break;
    case 'abort':
      running.get(message.id)?.abort();
      break;
    case 'merge':
      try {
        send({ type: 'merged', id: message.id, plan: mergeCodeBlock(message.request) });
      } catch (error) {
        send({ type: 'failed', id: message.id, message: errorText(error), aborted: false });
      }
      break;
    case 'invalidate':
      guarded(message.root, 'forgetting changed files', () => validators.get(message.root)?.invalidate(message.paths));
      break;
    case 'close':
      guarded(message.root, 'closing', () => validators.get(message.root)?.dispose());
      validators.delete(message.root);
      break;
  }
});

/** Runs a folder's housekeeping; if it throws, the folder's validator starts again from disk at its next check. */
function guarded(root: string, what: string, work: () => void): void {
  try {
    work();
  } catch (error) {
    log.warn(`Validation: ${what} in ${root} failed: ${errorText(error)}; its next check starts from disk.`);
    validators.delete(root);
  }
}

async function prepare(message: Extract<ToThread, { type: 'prepare' }>): Promise<void> {
  const controller = new AbortController();
  running.set(message.id, controller);
  try {
    await validatorFor(message.folder).prepare(message.paths, controller.signal);
    if (controller.signal.aborted) log.debug(`Validation: preparing ${message.folder.root} was stopped with its task.`);
    send({ type: 'prepared', id: message.id });
  } catch (error) {
    log.warn(`Validation: preparing ${message.folder.root} failed: ${errorText(error)}; the check will load what it needs.`);
    send({ type: 'failed', id: message.id, message: errorText(error), aborted: false });
  } finally {
    running.delete(message.id);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
