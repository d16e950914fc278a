import { z } from 'zod';

/** The schema of `switchboard.discovery.*`: where and whether to look for models when none are configured. */

export const discoverySettingsSchema = z
  .object({
    /** With no models configured, look for local Ollama models and vscode.lm models. */
    enabled: z.boolean().default(true),
    ollamaBaseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('http://127.0.0.1:11434'),
  })
  .strict();

export type DiscoverySettings = z.infer<typeof discoverySettingsSchema>;
