import { z } from 'zod';

/** The schema of `switchboard.research.*`: what a task's research phase may use besides the workspace. */

export const researchSettingsSchema = z
  .object({
    /**
     * Offer other extensions' language-model tools (MCP servers' included) to the research model,
     * each call confirmed by the person: `true` for any (up to 24, MCP servers' first), or the tool
     * names and glob patterns to offer (`["mcp_github_*"]`). Off by default: those tools may write,
     * reach the network or send what the model passes them elsewhere, which Switchboard cannot see
     * or bound.
     */
    externalTools: z
      .union([z.boolean(), z.array(z.string().trim().min(1, 'a tool name or glob pattern').max(200)).max(100)])
      .default(false),
  })
  .strict();

export type ResearchSettings = z.infer<typeof researchSettingsSchema>;
