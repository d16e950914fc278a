import assert from 'node:assert/strict';
import { settingsSetIn } from '../../../src/core/config/workspaceOverrides';

const ids = ['switchboard.models', 'switchboard.tiers'];

describe('settingsSetIn', () => {
  it('finds dotted keys in a JSONC settings file with comments and trailing commas', () => {
    const text = '{\n // the folder\'s own models\n "switchboard.models": [],\n "editor.tabSize": 2,\n}';
    assert.deepEqual(settingsSetIn(text, ids), ['switchboard.models']);
  });

  it('finds the nested form', () => {
    assert.deepEqual(settingsSetIn('{ "switchboard": { "tiers": {} } }', ids), ['switchboard.tiers']);
  });

  it('reads the settings object of a .code-workspace file', () => {
    const text = '{ "folders": [{ "path": "." }], "settings": { "switchboard.models": [{}] } }';
    assert.deepEqual(settingsSetIn(text, ids, true), ['switchboard.models']);
    assert.deepEqual(settingsSetIn(text, ids, false), []);
  });

  it('returns nothing for a broken or empty file', () => {
    assert.deepEqual(settingsSetIn('', ids), []);
    assert.deepEqual(settingsSetIn('not json', ids), []);
  });
});
