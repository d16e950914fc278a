// What the driving script (scripts/runIntegration.mjs) tells the suite about the run, through the
// extension host's environment. Absent under launchers that do not set it (scripts/runElectron.mjs).
import { z } from 'zod';

const testExtensionsSchema = z.object({ loaded: z.array(z.string()), leftOut: z.array(z.string()) });

/** The VS Code version the harness started ("1.139.1"), if it said. */
export function expectedVscodeVersion(): string | undefined {
  return process.env.SWITCHBOARD_TEST_VSCODE || undefined;
}

/** Ids of the test-only extensions loaded beside Switchboard and of those left out for this version. */
export function testExtensions(): z.infer<typeof testExtensionsSchema> | undefined {
  const raw = process.env.SWITCHBOARD_TEST_EXTENSIONS;
  return raw ? testExtensionsSchema.parse(JSON.parse(raw)) : undefined;
}

/** True when `version` ("1.139.1") is at least the lowest version `range` ("^1.100.0") admits. */
export function atLeastMinimum(version: string, range: string): boolean {
  const parse = (text: string) => (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(text) ?? []).slice(1, 4).map((part) => Number(part ?? 0));
  const have = parse(version);
  const need = parse(range);
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) !== (need[i] ?? 0)) return (have[i] ?? 0) > (need[i] ?? 0);
  }
  return true;
}
