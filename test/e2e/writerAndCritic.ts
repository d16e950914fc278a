// Two local OpenAI-compatible models, as the suites of actions on code use them: `writer` serves the
// plan, understand and generate tiers, `critic` the review tier. Each answers per request from what
// it asks (the suite's own handler), and the workspace's settings name both.
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer, type RecordedRequest } from '../support/fakeProviders';
import { modernTheme, writeWorkspaceSettings } from './workbench';

export interface WriterAndCritic {
  readonly writer: FakeOpenAIServer;
  readonly critic: FakeOpenAIServer;
}

export async function startWriterAndCritic(answerWriter: (request: RecordedRequest) => FakeBehaviour, answerCritic: (request: RecordedRequest) => FakeBehaviour): Promise<WriterAndCritic> {
  const writer = await startFakeOpenAI();
  const critic = await startFakeOpenAI();
  writer.setHandler(answerWriter);
  critic.setHandler(answerCritic);
  writeWorkspaceSettings({
    'workbench.colorTheme': modernTheme('dark'),
    'switchboard.models': [
      { id: 'writer', provider: 'openai-compatible', model: 'writer-model', baseUrl: writer.baseURL, price: { input: 1, output: 2 } },
      { id: 'critic', provider: 'openai-compatible', model: 'critic-model', baseUrl: critic.baseURL, price: { input: 0.5, output: 1 } },
    ],
    'switchboard.tiers': { plan: ['writer'], understand: ['writer'], generate: ['writer'], review: ['critic'], classify: [] },
  });
  return { writer, critic };
}
