import { z } from 'zod';

/**
 * The one model id schema: the `id` a person gives a model in `switchboard.models`, which tiers,
 * experiments and the chat's model picker refer to. package.json's `switchboard.models[].id`
 * pattern and maxLength say the same for the settings editor.
 */

/** The characters an id may contain, as the body of a regular-expression character class. */
export const MODEL_ID_CHARS = 'A-Za-z0-9._:@/-';
export const MODEL_ID_MAX_LENGTH = 100;

export const modelIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MODEL_ID_MAX_LENGTH, `must be at most ${MODEL_ID_MAX_LENGTH} characters`)
  .regex(new RegExp(`^[${MODEL_ID_CHARS}]+$`), 'may contain only letters, digits and . _ : @ / -');
