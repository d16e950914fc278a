import { z } from 'zod';

/** The schema of `switchboard.chat.*`: how the chat view behaves beyond answering. */

export const chatSettingsSchema = z
  .object({
    /**
     * After a conversation's first answer, ask the classify tier's model for a short name for it
     * (one small request, recorded and counted like any other). Off, or with no classify tier, a
     * conversation is named by its first message.
     */
    nameConversations: z.boolean().default(true),
  })
  .strict();

export type ChatSettings = z.infer<typeof chatSettingsSchema>;
