import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';

let encoding: typeof O200k | undefined;

/**
 * The o200k tokenizer (the encoding of current OpenAI models), loaded on first use: building its
 * tables takes about 100 ms, which activating the extension should not pay for.
 */
export function o200k(): typeof O200k {
  // A require inside the function (not an import) is what keeps the bundle from evaluating it at load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encoding ??= require('gpt-tokenizer/encoding/o200k_base') as typeof O200k;
  return encoding;
}
