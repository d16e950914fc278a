import assert from 'node:assert/strict';
import { settingsFileSyntaxProblems } from '../../../src/core/config/settingsFileSyntax';

describe('settingsFileSyntaxProblems (issue 14 item 17)', () => {
  it('names the file, line and column of a syntax error in a file that sets Switchboard settings', () => {
    const text = '{\n  "switchboard.models": [\n    { "id": "x", "provider": "openai-compatible", "baseUrl": "http://10.0.0.2:8000/v1" "model": "m" }\n  ]\n}\n';
    const problems = settingsFileSyntaxProblems(text, '.vscode/settings.json');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.path, '.vscode/settings.json');
    assert.match(problems[0]?.message ?? '', /^has a syntax error at line 3, column 8\d \(comma expected\)/);
  });

  it('accepts comments and trailing commas, as VS Code does', () => {
    assert.deepEqual(settingsFileSyntaxProblems('{\n  // mine\n  "switchboard.cache": { "enabled": true, },\n}\n', 'settings.json'), []);
  });

  it('leaves files that never mention Switchboard alone', () => {
    assert.deepEqual(settingsFileSyntaxProblems('{ "editor.fontSize": 14 "x": 1 }', 'settings.json'), []);
  });
});
