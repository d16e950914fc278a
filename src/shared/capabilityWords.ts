/**
 * How the capability of an answer was chosen, in the words a person would use. Shared by the chat
 * footer, the Markdown export and the participant, so the internal names never reach a person.
 */
export type CapabilityChoice = 'user' | 'command' | 'model' | 'rules' | 'rules-after-model-failure' | 'rules-below-threshold';

export const CAPABILITY_CHOICE_WORDS: Readonly<Record<CapabilityChoice, string>> = {
  user: 'you chose it',
  command: 'the command chose it',
  model: 'the classify model chose it',
  rules: "Switchboard's rules chose it",
  'rules-after-model-failure': "Switchboard's rules chose it: the classify model did not answer",
  'rules-below-threshold': "Switchboard's rules chose it: the classify model was unsure",
};

/** "review (the classify model chose it)". */
export function describeCapabilityChoice(capability: string, source: CapabilityChoice): string {
  return `${capability} (${CAPABILITY_CHOICE_WORDS[source]})`;
}
