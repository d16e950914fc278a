import assert from 'node:assert/strict';
import { chooseExternalTools, describeChoice, MAX_EXTERNAL_TOOLS, type ExternalToolOrigin, type ToolCandidate } from '../../../../src/core/tasks/research/externalToolChoice';

const unknown: ExternalToolOrigin = { kind: 'unknown' };
const ext = (id: string): ExternalToolOrigin => ({ kind: 'extension', id });
const mcp = (server: string): ExternalToolOrigin => ({ kind: 'mcp', server });
const tool = (name: string, origin: ExternalToolOrigin = unknown): ToolCandidate => ({ name, origin });
const names = (tools: readonly ToolCandidate[]) => tools.map((t) => t.name);
const exclude = new Set(['switchboard_review', 'read_file']);

// What VS Code 1.139 registers before any extension's tool: two dozen of its own, with no source.
const builtIns = Array.from({ length: 25 }, (_, i) => tool(`vscode_builtin_${String(i).padStart(2, '0')}`));

describe('which external tools research is offered', () => {
  it('true: MCP servers\' tools first, then other extensions\', then the rest, each by name, up to the limit', () => {
    const choice = chooseExternalTools([...builtIns, tool('zeta_tool', ext('a.z')), tool('mcp_git_log', mcp('git')), tool('alpha_tool', ext('b.a')), tool('switchboard_review', ext('switchboard'))], true, exclude);
    assert.deepEqual(names(choice.offered).slice(0, 3), ['mcp_git_log', 'alpha_tool', 'zeta_tool']);
    assert.equal(choice.offered.length, MAX_EXTERNAL_TOOLS);
    // The registration order does not matter: VS Code's own tools, registered first, are the ones left out.
    assert.deepEqual(choice.leftOut.filter((l) => l.reason === 'limit').map((l) => l.tool.name), ['vscode_builtin_21', 'vscode_builtin_22', 'vscode_builtin_23', 'vscode_builtin_24']);
    assert.deepEqual(choice.leftOut.filter((l) => l.reason === 'switchboard').map((l) => l.tool.name), ['switchboard_review']);
  });

  it('the same tools in another registration order give the same choice', () => {
    const tools = [...builtIns, tool('mcp_git_log', mcp('git')), tool('alpha_tool', ext('b.a'))];
    assert.deepEqual(names(chooseExternalTools([...tools].reverse(), true, exclude).offered), names(chooseExternalTools(tools, true, exclude).offered));
  });

  it('a list: only the tools it names or matches (globs, any case), in the order of its entries, then by name', () => {
    const tools = [...builtIns, tool('mcp_github_search', mcp('github')), tool('mcp_github_issue', mcp('github')), tool('mcp_jira_find', mcp('jira')), tool('echo', ext('t.e'))];
    const choice = chooseExternalTools(tools, ['ECHO', 'mcp_github_*'], exclude);
    assert.deepEqual(names(choice.offered), ['echo', 'mcp_github_issue', 'mcp_github_search']);
    assert.equal(choice.leftOut.filter((l) => l.reason === 'not-listed').length, builtIns.length + 1);
    assert.deepEqual(choice.unmatched, []);
  });

  it('Switchboard\'s own tools stay out even when the list matches them; an entry matching nothing is reported', () => {
    const choice = chooseExternalTools([tool('switchboard_review', ext('sb')), tool('echo')], ['switchboard_*', 'echo', 'mcp_gihtub_*'], exclude);
    assert.deepEqual(names(choice.offered), ['echo']);
    assert.deepEqual(choice.leftOut.map((l) => [l.tool.name, l.reason]), [['switchboard_review', 'switchboard']]);
    assert.deepEqual(choice.unmatched, ['mcp_gihtub_*']);
  });

  it('a name a provider refuses is left out; the limit holds for a list too', () => {
    const many = Array.from({ length: MAX_EXTERNAL_TOOLS + 2 }, (_, i) => tool(`mcp_x_${String(i).padStart(2, '0')}`, mcp('x')));
    const choice = chooseExternalTools([...many, tool('has space', mcp('x'))], ['mcp_x_*', 'has space'], exclude);
    assert.equal(choice.offered.length, MAX_EXTERNAL_TOOLS);
    assert.deepEqual(choice.leftOut.map((l) => [l.tool.name, l.reason]), [['has space', 'name'], ['mcp_x_24', 'limit'], ['mcp_x_25', 'limit']]);
  });

  it('false offers nothing', () => {
    assert.deepEqual(chooseExternalTools([tool('echo')], false, exclude).offered, []);
  });

  it('the log line names what was offered and what was left out, and why', () => {
    const choice = chooseExternalTools([tool('switchboard_review'), tool('echo'), tool('other')], ['echo', 'nothing_*'], exclude);
    assert.equal(
      describeChoice(choice),
      "research: external tools offered (1): echo; left out (2) — Switchboard's own or a research tool's name: switchboard_review; not in switchboard.research.externalTools: other; entries matching no tool: nothing_*",
    );
  });
});
