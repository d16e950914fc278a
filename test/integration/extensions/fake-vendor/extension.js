// Test-only extension (plain CommonJS, no build step): vendor `switchboard-tests-fake`, one model
// (family `fake-tools`) that forwards each request to an OpenAI-compatible server (the suite's fake
// OpenAI server, whose URL it sets with a command) and streams back text and tool calls as VS Code's
// parts. Enough of the chat-completions wire protocol for the suite; nothing more.
const vscode = require('vscode');

let baseUrl;
const changed = new vscode.EventEmitter();

const MODEL = {
  id: 'fake-tools',
  name: 'Fake Tools',
  family: 'fake-tools',
  version: '1',
  maxInputTokens: 100000,
  maxOutputTokens: 4096,
  capabilities: { toolCalling: true },
};

function toWireMessages(messages) {
  const out = [];
  for (const m of messages) {
    const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user';
    let text = '';
    const calls = [];
    for (const part of m.content) {
      if (part instanceof vscode.LanguageModelTextPart) text += part.value;
      else if (part instanceof vscode.LanguageModelToolCallPart) calls.push({ id: part.callId, type: 'function', function: { name: part.name, arguments: JSON.stringify(part.input) } });
      else if (part instanceof vscode.LanguageModelToolResultPart) {
        const content = part.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : '')).join('');
        out.push({ role: 'tool', tool_call_id: part.callId, content });
      }
    }
    if (role === 'assistant') out.push({ role, content: text, ...(calls.length ? { tool_calls: calls } : {}) });
    else if (text) out.push({ role, content: text });
  }
  return out;
}

const provider = {
  onDidChangeLanguageModelChatInformation: changed.event,
  provideLanguageModelChatInformation() {
    return baseUrl ? [MODEL] : [];
  },
  async provideLanguageModelChatResponse(model, messages, options, progress, token) {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const tools = (options.tools || []).map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema || { type: 'object', properties: {} } } }));
      const response = await fetch(`${baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: model.id, stream: true, messages: toWireMessages(messages), ...(tools.length ? { tools } : {}) }),
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`fake vendor: HTTP ${response.status}`);
      const calls = new Map();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!line.startsWith('data:')) continue;
          const data = line.slice(5).trim();
          if (data === '[DONE]') continue;
          const delta = JSON.parse(data).choices?.[0]?.delta;
          if (!delta) continue;
          if (delta.content) progress.report(new vscode.LanguageModelTextPart(delta.content));
          for (const tc of delta.tool_calls || []) {
            const call = calls.get(tc.index) || { id: '', name: '', args: '' };
            if (tc.id) call.id = tc.id;
            if (tc.function?.name) call.name = tc.function.name;
            if (tc.function?.arguments) call.args += tc.function.arguments;
            calls.set(tc.index, call);
          }
        }
      }
      for (const call of calls.values()) progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.args ? JSON.parse(call.args) : {}));
    } finally {
      sub.dispose();
    }
  },
  async provideTokenCount(_model, text) {
    const s = typeof text === 'string' ? text : JSON.stringify(text.content);
    return Math.ceil(s.length / 4);
  },
};

exports.activate = function activate(context) {
  context.subscriptions.push(
    changed,
    vscode.lm.registerLanguageModelChatProvider('switchboard-tests-fake', provider),
    vscode.commands.registerCommand('switchboardTests.fakeVendor.setBaseUrl', (url) => {
      baseUrl = url;
      changed.fire();
    }),
  );
};

exports.deactivate = function deactivate() {};
