import assert from 'node:assert/strict';
import { languageMismatch } from '../../../src/core/chat/languageMatch';

describe('languageMismatch (issue 14 item 20)', () => {
  it('names both languages when a TypeScript block goes into a Markdown file', () => {
    assert.equal(languageMismatch('ts', 'markdown'), 'the block is TypeScript but the file is Markdown');
    assert.equal(languageMismatch('python', 'typescript'), 'the block is Python but the file is TypeScript');
  });

  it('says nothing when the languages fit, are related, or cannot be told', () => {
    assert.equal(languageMismatch('ts', 'typescript'), undefined);
    assert.equal(languageMismatch('typescript', 'javascriptreact'), undefined, 'TS and JS are one family');
    assert.equal(languageMismatch('json', 'jsonc'), undefined);
    assert.equal(languageMismatch(undefined, 'markdown'), undefined, 'an unmarked fence');
    assert.equal(languageMismatch('mermaid', 'markdown'), undefined, 'a fence word we do not know');
    assert.equal(languageMismatch('ts', 'plaintext'), undefined, 'a file without a language');
  });
});
