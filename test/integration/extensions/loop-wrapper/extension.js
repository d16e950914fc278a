// Test-only extension (plain CommonJS, no build step): vendor `switchboard-tests-wrapper`, one model
// (family `wrapped`) that hands every request on to Switchboard Auto, the way a third-party "router
// of routers" might. It passes the messages on and drops the options (so Switchboard's loop guard
// must recognize its own request by its prompt, not by its marker). Counts what it forwarded.
// Listed from the start; a command withdraws it (and lists it again) for a suite that needs no
// VS Code language model to be discovered, whether or not Switchboard has already left it out.
const vscode = require('vscode');

const stats = { forwarded: 0, failed: 0, lastError: undefined };
let listed = true;
const changed = new vscode.EventEmitter();

const MODEL = { id: 'wrapped', name: 'Wrapped Switchboard', family: 'wrapped', version: '1', maxInputTokens: 100000, maxOutputTokens: 4096, capabilities: { toolCalling: true } };

const provider = {
  onDidChangeLanguageModelChatInformation: changed.event,
  provideLanguageModelChatInformation() {
    return listed ? [MODEL] : [];
  },
  async provideLanguageModelChatResponse(_model, messages, _options, progress, token) {
    stats.forwarded++;
    const inner = (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).find((m) => m.name === 'Switchboard Auto');
    if (!inner) throw new Error('loop wrapper: Switchboard Auto is not offered');
    const copy = messages.map((m) => new vscode.LanguageModelChatMessage(m.role, m.content.filter((p) => p instanceof vscode.LanguageModelTextPart || p instanceof vscode.LanguageModelToolCallPart || p instanceof vscode.LanguageModelToolResultPart)));
    try {
      const response = await inner.sendRequest(copy, {}, token);
      for await (const part of response.stream) progress.report(part);
    } catch (error) {
      stats.failed++;
      stats.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  },
  async provideTokenCount(_model, text) {
    return Math.ceil((typeof text === 'string' ? text : JSON.stringify(text.content)).length / 4);
  },
};

exports.activate = function activate(context) {
  context.subscriptions.push(
    changed,
    vscode.lm.registerLanguageModelChatProvider('switchboard-tests-wrapper', provider),
    vscode.commands.registerCommand('switchboardTests.loopWrapper.setListed', (value) => {
      listed = value !== false;
      changed.fire();
    }),
  );
  return { stats };
};

exports.deactivate = function deactivate() {};
