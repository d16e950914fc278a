import type { ChatCapability, ChipView } from '../../protocol/chatProtocol';

/**
 * What survives the view being hidden and shown again (VS Code's webview state). Drafts and
 * choices only: there are no keys on this side to leak, and nothing here is sent anywhere.
 */
export interface PersistedViewState {
  readonly version: 1;
  readonly conversationId?: string;
  readonly draft: string;
  readonly capability: ChatCapability;
  readonly modelId?: string;
  readonly chips: readonly ChipView[];
}

export const DEFAULT_VIEW_STATE: PersistedViewState = { version: 1, draft: '', capability: 'auto', chips: [] };

const CAPABILITIES: readonly ChatCapability[] = ['auto', 'understand', 'generate', 'review', 'plan'];
const MAX_DRAFT = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function restoreChip(value: unknown): ChipView | undefined {
  if (!isRecord(value) || typeof value.label !== 'string') return undefined;
  const label = value.label.slice(0, 300);
  switch (value.kind) {
    case 'selection':
      return { kind: 'selection', label };
    case 'activeFile':
      return { kind: 'activeFile', label };
    case 'file':
      return typeof value.path === 'string' ? { kind: 'file', path: value.path, label } : undefined;
    case 'symbol':
      if (typeof value.path !== 'string' || typeof value.name !== 'string') return undefined;
      return typeof value.line === 'number' && Number.isInteger(value.line) && value.line >= 1
        ? { kind: 'symbol', name: value.name, path: value.path, line: value.line, label }
        : { kind: 'symbol', name: value.name, path: value.path, label };
    default:
      return undefined;
  }
}

/**
 * Reads back what `setState` stored, field by field: a state from an older build (or garbage)
 * keeps whatever is still valid and falls back to defaults for the rest.
 */
export function restoreViewState(raw: unknown): PersistedViewState {
  if (!isRecord(raw)) return DEFAULT_VIEW_STATE;
  const capability = CAPABILITIES.find((c) => c === raw.capability) ?? 'auto';
  const chips = Array.isArray(raw.chips) ? raw.chips.map(restoreChip).filter((c): c is ChipView => c !== undefined).slice(0, 32) : [];
  const state: PersistedViewState = {
    version: 1,
    draft: typeof raw.draft === 'string' ? raw.draft.slice(0, MAX_DRAFT) : '',
    capability,
    chips,
    ...(typeof raw.conversationId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(raw.conversationId) ? { conversationId: raw.conversationId } : {}),
    ...(typeof raw.modelId === 'string' && raw.modelId.length <= 200 ? { modelId: raw.modelId } : {}),
  };
  return state;
}
