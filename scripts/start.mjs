#!/usr/bin/env node
// `npm start`: Switchboard in a real VS Code (1.100.3 by default, 1.139.1 with `--vscode 1.139`; via
// code-server) without a desktop VS Code.
// Builds the extension, installs or reuses code-server, starts it on 127.0.0.1 with the extension
// loaded from this clone as a development extension, prints the address, and runs until Ctrl+C.
//
//   npm start                         open the current folder
//   npm start -- --folder ../my-app   open another folder
//   npm start -- --workspace ../my.code-workspace   open a multi-root workspace (several folders)
//   npm start -- --port 3400 --watch  fixed port; rebuild on change (reload the window to pick it up)
//   npm start -- --vscode 1.139       the newest VS Code (code-server 4.139.1 on Node 24, installed once);
//                                     it loads the extension through the smoke-test driver, which hides
//                                     notification toasts (their messages still reach the notification centre)
//
// The profile (settings, keys in secret storage, state) persists in ~/.cache/switchboard/start/
// (start-1.139/ for 1.139: a profile written by a newer VS Code is not for an older one).
// It listens on the loopback interface only and without a password: reach it from another machine
// through an SSH tunnel (ssh -L 3400:127.0.0.1:3400 host), never by binding it publicly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot, ensureCodeServer, freePort, resolveVersion, startCodeServer } from './codeServer.mjs';
import { createCleanup, parseArgs, root, workbenchUrl } from './harness.mjs';
import { OLDEST } from './vscodeVersions.mjs';

const DEFAULT_PORT = 3400;

async function isFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const version = resolveVersion(args.vscode);
  const workspaceFile = typeof args.workspace === 'string' ? path.resolve(args.workspace) : undefined;
  if (workspaceFile && !workspaceFile.endsWith('.code-workspace')) throw new Error(`--workspace expects a .code-workspace file, got ${workspaceFile}`);
  const folder = workspaceFile ?? path.resolve(typeof args.folder === 'string' ? args.folder : process.cwd());
  if (!existsSync(folder)) throw new Error(`no such ${workspaceFile ? 'workspace file' : 'folder'}: ${folder}`);
  const cleanup = createCleanup();

  const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the extension (node esbuild.js) failed');
  if (args.watch) {
    const watcher = spawn(process.execPath, ['esbuild.js', '--watch'], { cwd: root, stdio: 'inherit' });
    cleanup.add(() => watcher.kill('SIGTERM'));
  }

  await ensureCodeServer({ version });
  const requested = Number(args.port ?? process.env.SWITCHBOARD_PORT ?? DEFAULT_PORT);
  const port = (await isFree(requested)) ? requested : await freePort();
  if (port !== requested) console.log(`port ${requested} is taken; using ${port}`);

  const profile = path.join(cacheRoot(), version.key === OLDEST ? 'start' : `start-${version.key}`);
  const server = await startCodeServer({
    version,
    payload: true,
    workspace: folder,
    userDataDir: path.join(profile, 'user-data'),
    extensionsDir: path.join(profile, 'extensions'),
    // Workspace trust stays on, as in a normal VS Code: the folder asks to be trusted once.
    trusted: false,
    // Written on the first start only; after that the profile's settings are the person's own.
    keepSettings: true,
    settings: { 'git.enabled': true },
    port,
    logFile: path.join(profile, 'code-server.log'),
  });
  cleanup.add(() => server.stop());

  const url = workbenchUrl(server.url, { ...(workspaceFile ? { workspaceFile } : { folder }), extensionDevelopmentPath: root });
  console.log(`\nSwitchboard is running in VS Code ${version.vscode} (code-server). Open this address in a browser:\n\n  ${url}\n`);
  console.log(`${workspaceFile ? 'Workspace' : 'Folder'}: ${folder}\nProfile: ${profile}\nPress Ctrl+C to stop.`);

  const code = await server.exited;
  if (cleanup.stopping) return;
  console.error(`code-server exited (code ${code}); see ${path.join(profile, 'code-server.log')}`);
  await cleanup.run();
  process.exit(code ?? 1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
