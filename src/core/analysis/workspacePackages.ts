import { dirname, posix } from 'node:path';
import { z } from 'zod';
import { readJsonc } from './readJsonc';
import { readOutputDirs } from './tsconfigFile';
import { toSlash } from './workspaceFiles';

/*
 * The packages of a monorepo (npm, pnpm and yarn workspaces, or any folder with a package.json), so
 * that `import { x } from '@acme/utils'` in one package resolves to the other package's source file,
 * as TypeScript resolves it through the workspace's node_modules links: through the package's
 * `exports` (subpaths, `*` patterns, nested conditions), else `types`/`module`/`main`, else `index`.
 * A target in the package's build output (dist/index.js, not indexed) is read at its source: the
 * package's tsconfig `outDir` → `rootDir`, else a `dist`/`lib`/`build`/`out` folder → `src`.
 */

/** One workspace package: its name, its folder, and where its specifiers point, as written. */
export interface WorkspacePackage {
  readonly name: string;
  /** Absolute, '/'-separated. */
  readonly dir: string;
  /** `exports` as written (string, array, conditions or subpaths); undefined when absent. */
  readonly exports?: unknown;
  /** `types`, `typings`, `module`, `main`, in that order: the entry without `exports`. */
  readonly entries: readonly string[];
  /** Build output folder → source folder, relative to `dir` (tsconfig's outDir and rootDir). */
  readonly outToSource?: { readonly outDir: string; readonly rootDir: string };
}

const packageJsonSchema = z
  .object({
    name: z.string().min(1),
    exports: z.unknown().optional(),
    types: z.string().optional(),
    typings: z.string().optional(),
    module: z.string().optional(),
    main: z.string().optional(),
  })
  .loose();

/** Reads a package.json that names a package; undefined for one without a name, or unreadable. */
export function readWorkspacePackage(packageJsonPath: string): WorkspacePackage | undefined {
  const path = toSlash(packageJsonPath);
  const parsed = packageJsonSchema.safeParse(readJsonc(path));
  if (!parsed.success) return undefined;
  const p = parsed.data;
  const dir = dirname(path);
  const entries = [p.types, p.typings, p.module, p.main].filter((e): e is string => typeof e === 'string' && e.length > 0);
  const outToSource = readOutToSource(dir);
  return { name: p.name, dir, ...(p.exports !== undefined ? { exports: p.exports } : {}), entries, ...(outToSource ? { outToSource } : {}) };
}

/** The package's tsconfig `outDir` → `rootDir` (default `src`), relative to the package's folder; undefined without an outDir there. */
function readOutToSource(dir: string): WorkspacePackage['outToSource'] {
  const dirs = readOutputDirs(`${dir}/tsconfig.json`);
  if (!dirs) return undefined;
  const inside = (absolute: string): string | undefined => {
    const rel = posix.relative(dir, absolute);
    return rel === '..' || rel.startsWith('../') ? undefined : rel;
  };
  const outDir = inside(dirs.outDir);
  const rootDir = dirs.rootDir === undefined ? 'src' : inside(dirs.rootDir);
  return outDir === undefined || rootDir === undefined ? undefined : { outDir, rootDir };
}

/** The workspace's packages by name, for {@link packageOf}. */
export function packagesByName(packages: readonly WorkspacePackage[]): ReadonlyMap<string, WorkspacePackage> {
  return new Map(packages.map((p) => [p.name, p]));
}

/**
 * The package a bare specifier names and the subpath after its name ('.' for the package itself).
 * A package name is one segment, or two when scoped (`@acme/utils`), as Node reads it.
 */
export function packageOf(byName: ReadonlyMap<string, WorkspacePackage>, specifier: string): { pkg: WorkspacePackage; subpath: string } | undefined {
  const slash = specifier.indexOf('/');
  const end = specifier.startsWith('@') ? (slash === -1 ? -1 : specifier.indexOf('/', slash + 1)) : slash;
  const name = end === -1 ? specifier : specifier.slice(0, end);
  const pkg = byName.get(name);
  if (!pkg) return undefined;
  return { pkg, subpath: end === -1 ? '.' : `.${specifier.slice(end)}` };
}

/**
 * The files a subpath of `pkg` may be, best first, as absolute paths without a guarantee they
 * exist: each target `exports` offers (every condition, in the order written), else the entries,
 * else the subpath itself; each also at its source when it lies in the build output.
 */
export function packageTargets(pkg: WorkspacePackage, subpath: string): string[] {
  const relative = pkg.exports !== undefined ? exportTargets(pkg.exports, subpath) : subpath === '.' ? [...pkg.entries, 'index'] : [subpath];
  const out: string[] = [];
  for (const target of relative) {
    const absolute = posix.normalize(`${pkg.dir}/${target}`);
    if (!absolute.startsWith(pkg.dir + '/') && absolute !== pkg.dir) continue; // exports cannot leave the package
    for (const candidate of [absolute, ...atSource(pkg, absolute)]) if (!out.includes(candidate)) out.push(candidate);
  }
  return out;
}

const BUILD_FOLDERS = ['dist', 'lib', 'build', 'out'];
const BUILT_EXTENSION = /(\.d)?\.(c|m)?(j|t)sx?$/;

/** Where a file of the build output comes from: outDir → rootDir, or a usual build folder → src, without its extension. */
function atSource(pkg: WorkspacePackage, absolute: string): string[] {
  const rel = absolute.slice(pkg.dir.length + 1);
  const pairs = pkg.outToSource ? [pkg.outToSource] : BUILD_FOLDERS.map((outDir) => ({ outDir, rootDir: 'src' }));
  const found: string[] = [];
  for (const { outDir, rootDir } of pairs) {
    if (outDir !== '' && !rel.startsWith(outDir + '/')) continue;
    const inside = outDir === '' ? rel : rel.slice(outDir.length + 1);
    found.push(posix.normalize(`${pkg.dir}/${rootDir}/${inside.replace(BUILT_EXTENSION, '')}`));
  }
  return found;
}

/** The relative targets `exports` gives a subpath: exact key, else the longest matching `*` pattern. */
function exportTargets(exports: unknown, subpath: string): string[] {
  const subpaths = asSubpathMap(exports);
  if (subpaths.has(subpath)) return leaves(subpaths.get(subpath), undefined);
  let best: { key: string; captured: string } | undefined;
  for (const key of subpaths.keys()) {
    const star = key.indexOf('*');
    if (star === -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < prefix.length + suffix.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (!best || prefix.length > best.key.indexOf('*')) best = { key, captured: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  return best ? leaves(subpaths.get(best.key), best.captured) : [];
}

/** `exports` as subpath → target: a string, array or conditions object is the "." entry. */
function asSubpathMap(exports: unknown): Map<string, unknown> {
  if (typeof exports === 'object' && exports !== null && !Array.isArray(exports)) {
    const keys = Object.keys(exports);
    if (keys.length > 0 && keys.every((k) => k.startsWith('.'))) return new Map(Object.entries(exports));
  }
  return new Map([['.', exports]]);
}

/** Every string target under a target (arrays and nested conditions, in the order written), `*` filled in. */
function leaves(target: unknown, captured: string | undefined, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof target === 'string') return target.startsWith('./') ? [captured === undefined ? target : target.split('*').join(captured)] : [];
  if (Array.isArray(target)) return target.flatMap((t) => leaves(t, captured, depth + 1));
  if (typeof target === 'object' && target !== null) return Object.values(target).flatMap((t) => leaves(t, captured, depth + 1));
  return [];
}
