import type { ApplyTarget, ResolvedContext, StoredChipView } from '../../core/chat/conversationSchema';
import type { ChatCapability } from '../../protocol/chatProtocol';

/** A prompt the host sends itself (editor commands), already resolved. */
export interface HostPrompt {
  readonly text: string;
  readonly capability: ChatCapability;
  readonly modelId?: string;
  readonly chips: readonly StoredChipView[];
  readonly context: readonly ResolvedContext[];
  readonly applyTarget?: ApplyTarget;
  readonly fromCommand: boolean;
}
