import type { OverviewNode } from './overviewNode';

export interface GettingStartedInput {
  /** `switchboard.discovery.enabled`: whether Switchboard looks for models when none are configured. */
  readonly discoveryEnabled: boolean;
  /** What discovery said when it found nothing; absent while it has not answered yet. */
  readonly discovery?: { readonly notes: readonly string[]; readonly reasons: readonly string[] };
}

/**
 * The Models view's setup steps when no model is configured or discovered.
 *
 * These are tree rows rather than `viewsWelcome` content on purpose: VS Code (1.100) draws a view's
 * welcome content only while its tree has no root items and `TreeView.message` is unset
 * (`TreeViewPane.shouldShowWelcome`), and `TreeView.message` is plain text without links. The
 * workspace index works without any model and must be visible from the first minute, so the tree is
 * never empty, and the steps to add a model have to live in the tree beside it.
 */
export function gettingStartedNode(input: GettingStartedInput): OverviewNode {
  const why: string[] = !input.discoveryEnabled
    ? ['Model discovery is off (switchboard.discovery.enabled), so only configured models are used.']
    : input.discovery
      ? [...input.discovery.notes, ...input.discovery.reasons]
      : ['Looking for local Ollama models and VS Code language models…'];
  return {
    id: 'setup',
    label: 'Get started',
    description: 'no models configured',
    tooltip:
      'Switchboard sends each request to the model that suits it: add the models you use, then give each capability a tier.\n' +
      why.join('\n'),
    icon: 'rocket',
    tone: 'warning',
    expanded: true,
    children: [
      ...why.map((line, i) => ({
        id: `setup/why/${i}`,
        label: line,
        tooltip: line,
        icon: 'info',
        ...(input.discoveryEnabled ? {} : { command: { id: 'switchboard.openSettings', title: 'Open Settings', args: ['switchboard.discovery'] } }),
      })),
      {
        id: 'setup/addModel',
        label: 'Add Model…',
        description: 'provider, model and tiers, step by step',
        tooltip: 'Adds a model to switchboard.models in your user settings and puts it in the tiers you choose.',
        icon: 'add',
        command: { id: 'switchboard.addModel', title: 'Add Model…' },
      },
      {
        id: 'setup/setApiKey',
        label: 'Set API Key…',
        description: 'kept in secret storage, never in settings',
        tooltip: "Keys are kept in VS Code's secret storage, never in settings, logs or metrics.",
        icon: 'key',
        command: { id: 'switchboard.setApiKey', title: 'Set API Key…' },
      },
      {
        id: 'setup/openSettings',
        label: 'Open Settings',
        description: 'switchboard.models and switchboard.tiers',
        icon: 'gear',
        command: { id: 'switchboard.openSettings', title: 'Open Settings', args: ['switchboard.models'] },
      },
      ...(input.discoveryEnabled
        ? [
            {
              id: 'setup/discover',
              label: 'Look Again',
              description: 'after starting Ollama or installing a chat extension',
              icon: 'refresh',
              command: { id: 'switchboard.refreshModels', title: 'Refresh Models' },
            } satisfies OverviewNode,
          ]
        : []),
    ],
  };
}
