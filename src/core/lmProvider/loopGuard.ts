import { Emitter, type Event } from '../lifecycle/emitter';
import type { Logger } from '../log/logger';
import { SWITCHBOARD_VENDOR } from './providerModels';

/** A `vscode.lm` chat model as Switchboard sees it when it consumes one. */
export interface ConsumedChat {
  readonly vendor: string;
  readonly id: string;
  readonly family: string;
}

/** The option Switchboard's outgoing requests carry in `modelOptions`, for a wrapper that passes them on. */
export const LOOP_MARKER_OPTION = 'switchboard.loopMarker';

/** Below this many characters a prompt is too common to identify one request by its text. */
const MIN_FINGERPRINT_CHARS = 12;

export interface OutgoingRequest {
  /** Goes in `modelOptions[LOOP_MARKER_OPTION]`. */
  readonly marker: string;
  /** Call when the request has ended, however it ended. */
  end(): void;
}

export interface LoopVerdict {
  /** `vendor/id` of the model found to wrap Switchboard's own. */
  readonly wrapper: string;
  /** For the failing inner request and the log. */
  readonly message: string;
}

interface InFlight {
  readonly chat: ConsumedChat;
  readonly fingerprint: string | undefined;
}

/**
 * Keeps Switchboard from consuming its own models. Directly: a `vscode.lm` model of vendor
 * `switchboard` is never used. Through another vendor's wrapper: while Switchboard's own request to
 * model M is in flight, a request arriving at Switchboard's provider that carries that request's
 * marker (a wrapper passing `modelOptions` on), or its last user message (a wrapper passing the
 * messages on), came back through M. The inner request then fails, and M is excluded for the rest of
 * the session: from discovery, from configured `vscode-lm` models, and from the picker's list.
 */
export class LoopGuard {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly excludedChats = new Map<string, ConsumedChat>();
  private readonly excludedEmitter = new Emitter<ConsumedChat>();
  private counter = 0;

  /** Fires when a model is newly found to wrap Switchboard's own. */
  readonly onDidExclude: Event<ConsumedChat> = this.excludedEmitter.event;

  constructor(
    private readonly log?: Logger,
    private readonly newMarker: () => string = () => `sb-${Date.now().toString(36)}-${(this.counter++).toString(36)}`,
  ) {}

  /** Why Switchboard must not consume this model, or undefined when it may. */
  refusal(chat: ConsumedChat): string | undefined {
    if (chat.vendor === SWITCHBOARD_VENDOR) return `${key(chat)} is Switchboard's own model; Switchboard never routes to itself.`;
    if (this.excludedChats.has(key(chat))) return `${key(chat)} wraps Switchboard's own models (a request to it came back to Switchboard), so Switchboard no longer uses it.`;
    return undefined;
  }

  /** Whether a `switchboard.models` name (an id, a family or `vendor/family`) names an excluded model. */
  excludesName(name: string): boolean {
    for (const chat of this.excludedChats.values()) {
      if (chat.id === name || chat.family === name || `${chat.vendor}/${chat.family}` === name) return true;
    }
    return false;
  }

  get excluded(): readonly ConsumedChat[] {
    return [...this.excludedChats.values()];
  }

  /** Switchboard is about to send `chat` a request whose user turns are `userTexts`. */
  beginOutgoing(chat: ConsumedChat, userTexts: readonly string[]): OutgoingRequest {
    const marker = this.newMarker();
    const last = userTexts.at(-1)?.trim();
    this.inFlight.set(marker, { chat, fingerprint: last && last.length >= MIN_FINGERPRINT_CHARS ? last : undefined });
    return { marker, end: () => this.inFlight.delete(marker) };
  }

  /**
   * A request arrived at Switchboard's provider. Undefined when it is no loop; otherwise the wrapper
   * has just been excluded (and logged) and the request must fail with the verdict's message.
   */
  checkIncoming(incoming: { readonly marker?: unknown; readonly texts: readonly string[] }): LoopVerdict | undefined {
    const text = incoming.texts.join('\n');
    for (const [marker, call] of this.inFlight) {
      const byMarker = incoming.marker === marker;
      if (!byMarker && !(call.fingerprint !== undefined && text.includes(call.fingerprint))) continue;
      const wrapper = key(call.chat);
      const message = `Switchboard refused a request that came back to it through ${wrapper}: that model wraps Switchboard's own models, which would loop. Switchboard no longer uses ${wrapper}.`;
      if (!this.excludedChats.has(wrapper)) {
        this.excludedChats.set(wrapper, call.chat);
        this.log?.warn(`Loop guard: ${wrapper} sent Switchboard's own request back to Switchboard (matched by ${byMarker ? 'its marker' : 'its prompt'}); excluded for this session.`);
        this.excludedEmitter.fire(call.chat);
      }
      return { wrapper, message };
    }
    return undefined;
  }

  dispose(): void {
    this.excludedEmitter.dispose();
  }
}

function key(chat: ConsumedChat): string {
  return `${chat.vendor}/${chat.id}`;
}
