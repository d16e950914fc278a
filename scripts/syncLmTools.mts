// Writes package.json's `contributes.languageModelTools` from src/core/lmTools/toolCatalogue.ts, so
// the input schemas VS Code shows agents are the zod schemas' own (test/unit/lmTools checks it).
//   npm run sync:lm-tools
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { languageModelToolContributions } from '../src/core/lmTools/toolCatalogue.ts';

const file = fileURLToPath(new URL('../package.json', import.meta.url));
const manifest = JSON.parse(readFileSync(file, 'utf8'));
manifest.contributes.languageModelTools = languageModelToolContributions();
writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
console.log(`package.json: ${manifest.contributes.languageModelTools.length} language-model tools written`);
