import type { RoutedCapability } from '../chat/chatVocabulary';
import { parseProviderModelId, SWITCHBOARD_VENDOR, type ProviderTarget } from './providerModels';

/** The model picked in VS Code's chat picker, as `@switchboard` receives it (`request.model`). */
export interface PickedChat {
  readonly vendor: string;
  readonly id: string;
  readonly name: string;
}

export interface ParticipantRoute {
  /** Set when the pick decides it (a Switchboard capability model); a slash command still wins. */
  readonly capability?: RoutedCapability | 'auto';
  /** A configured model picked by its own name: asked first. */
  readonly pickedModel?: string;
  /** What was picked: one of Switchboard's models, another vendor's, or nothing. */
  readonly picked: { readonly kind: 'switchboard'; readonly target: ProviderTarget; readonly name: string } | { readonly kind: 'other'; readonly name: string; readonly vendor: string } | { readonly kind: 'none' };
}

/** Reads the pick: VS Code may hand the provider's id as given or prefixed with its vendor. */
function targetOf(chat: PickedChat): ProviderTarget | undefined {
  return parseProviderModelId(chat.id) ?? (chat.id.startsWith(`${SWITCHBOARD_VENDOR}/`) ? parseProviderModelId(chat.id.slice(SWITCHBOARD_VENDOR.length + 1)) : undefined);
}

/**
 * How `@switchboard` answers for the model picked in the chat: a Switchboard model is honoured
 * (Auto classifies, a capability routes to its tier, a configured model is asked first); another
 * vendor's model cannot be (Switchboard does not send its participant's work elsewhere), so the
 * router decides as configured and the answer says so.
 */
export function participantRoute(chat: PickedChat | undefined): ParticipantRoute {
  if (!chat) return { picked: { kind: 'none' } };
  const target = chat.vendor === SWITCHBOARD_VENDOR ? targetOf(chat) : undefined;
  if (!target) return { picked: { kind: 'other', name: chat.name, vendor: chat.vendor } };
  const picked = { kind: 'switchboard' as const, target, name: chat.name };
  if (target.kind === 'tier') return { capability: target.capability, picked };
  if (target.kind === 'model') return { pickedModel: target.modelId, picked };
  return { capability: 'auto', picked };
}

/**
 * The line under the answer: which model was picked, which answered, and why. The router's words
 * follow as a sentence of their own: in parentheses they nested (its own hold the model's role and
 * the budget's figures) and the line ended "…of $0.0000010))."
 */
export function pickedModelWords(route: ParticipantRoute, answeredBy: string | undefined, explanation: string | undefined): string | undefined {
  const answered = answeredBy ? `${answeredBy} answered` : 'no model answered';
  const why = explanation ? `. Why this model: ${explanation}` : '';
  if (route.picked.kind === 'none') return undefined;
  if (route.picked.kind === 'other') {
    return `Picked in the chat: ${route.picked.name} (${route.picked.vendor}), which is not a Switchboard model, so Switchboard routed as configured: ${answered}${why}.`;
  }
  return `Picked in the chat: ${route.picked.name}; ${answered}${why}.`;
}
