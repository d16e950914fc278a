/**
 * How long after activation the extension host starts loading the tokenizer (src/vscode/engine/warmUp.ts):
 * long enough for a command that activated the extension to have sent its request first.
 */
export const WARM_UP_DELAY_MS = 1500;
