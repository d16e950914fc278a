import { createAnswerRenderer } from './markdown/answerRenderer';

/** The one renderer of untrusted answers in this view (a single DOMPurify instance and its hooks). */
export const renderAnswer = createAnswerRenderer(window);
