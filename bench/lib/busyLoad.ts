import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Processes this bench started to load the machine; stop() ends exactly these, by their pids. */
export interface BusyLoad {
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/**
 * Starts `count` processes that spin on a core each (a busy loop, no I/O), as other work on a
 * person's machine would: the loaded figures are measured beside them. Each is told to exit after
 * `maxSeconds` too, so a bench that dies leaves nothing spinning for long.
 */
export async function startBusyLoad(count: number, maxSeconds = 300): Promise<BusyLoad> {
  const children: ChildProcess[] = [];
  const script = `const end = Date.now() + ${maxSeconds * 1000}; process.stdout.write('ready\\n'); while (Date.now() < end) {}`;
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
  }
  // Every spinner is running before the clock starts.
  await Promise.all(children.map((c) => once(c.stdout as NodeJS.ReadableStream, 'data')));
  return {
    pids: children.map((c) => c.pid ?? -1),
    async stop() {
      await Promise.all(
        children.map(async (c) => {
          if (c.exitCode !== null || c.signalCode !== null) return;
          const exited = once(c, 'exit');
          c.kill('SIGKILL');
          await exited;
        }),
      );
    },
  };
}
