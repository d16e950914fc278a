// Types for scripts/testExtensions.mjs, for the unit test that checks which versions load which test extension.
export declare const TEST_EXTENSIONS_DIR: string;
export declare function minimumOf(range: string | undefined): [number, number, number] | undefined;
export declare function testExtensionsFor(
  vscodeVersion: string,
  dir?: string,
): { loaded: { id: string; dir: string }[]; leftOut: { id: string; needs: string }[] };
export declare function developmentExtensionsFolder(into: string, dirs: string[]): string;
