import type { StoredUserMessage } from '../../../src/core/chat/conversationSchema';

/** A stored prompt with a selection chip and the resolved text it stood for (which views must never see). */
export const storedUser = (id: string, text: string): StoredUserMessage => ({
  role: 'user',
  id,
  text,
  capability: 'auto',
  chips: [{ kind: 'selection', label: 'src/a.ts:1-3' }],
  context: [{ label: 'Selected lines 1-3 of src/a.ts', path: 'src/a.ts', startLine: 1, endLine: 3, text: 'const secretSauce = 1;' }],
  createdAt: 1,
});
