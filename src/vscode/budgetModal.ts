import * as vscode from 'vscode';
import type { BudgetAnswer, BudgetQuestion } from '../core/router/routeEvents';

/**
 * The budget's question (policy 'ask') as a modal dialog, for a request no view can ask about: Allow,
 * the cheaper model it would step down to, or Block (also what closing the dialog means).
 */
export async function askBudgetModal(question: BudgetQuestion): Promise<BudgetAnswer> {
  const items: (vscode.MessageItem & { answer: BudgetAnswer })[] = [{ title: 'Allow this request', answer: 'allow' }];
  if (question.stepDownTo) items.push({ title: `Use ${question.stepDownTo}`, answer: 'step-down' });
  items.push({ title: 'Block', answer: 'block', isCloseAffordance: true });
  const picked = await vscode.window.showWarningMessage(`Switchboard: ${question.message}`, { modal: true }, ...items);
  return picked?.answer ?? 'block';
}
