import type { CodeBlock } from './markdown/renderMarkdown';
import { rovingToolbar } from './rovingKeys';

export interface CodeBarActions {
  copy(block: CodeBlock, button: HTMLButtonElement): void;
  insert(block: CodeBlock): void;
  apply(block: CodeBlock): void;
}

/**
 * Puts copy / insert / apply above each finished code block of `container`; the code comes from
 * the Markdown source. The bar is a toolbar in the WAI-ARIA sense: one Tab stop, Left/Right (and
 * Home/End) between its buttons, so each block adds two Tab stops (the bar and the code), not four.
 */
export function decorateCodeBlocks(container: HTMLElement, blocks: readonly CodeBlock[], actions: CodeBarActions): void {
  for (const pre of Array.from(container.querySelectorAll<HTMLPreElement>('pre.code-block[data-block]'))) {
    const block = blocks[Number(pre.dataset.block)];
    if (!block) continue;
    const wrap = document.createElement('div');
    wrap.className = 'code-wrap';
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    bar.setAttribute('role', 'toolbar');
    const name = block.pathHint ?? (block.language || 'code');
    bar.setAttribute('aria-label', `Code block ${block.index + 1} (${name})`);
    const lang = document.createElement('span');
    lang.className = 'lang';
    lang.textContent = name;
    const buttons = [
      toolButton('Copy', `Copy code block ${block.index + 1}`, (button) => actions.copy(block, button)),
      toolButton('Insert', `Insert code block ${block.index + 1} at the cursor`, () => actions.insert(block)),
      toolButton('Apply…', `Apply code block ${block.index + 1}: preview as a diff`, () => actions.apply(block)),
    ];
    bar.append(lang, ...buttons);
    rovingToolbar(bar, buttons);
    // A long line scrolls sideways: the block takes focus so the keyboard can scroll it too.
    pre.tabIndex = 0;
    pre.replaceWith(wrap);
    wrap.append(bar, pre);
  }
}

function toolButton(text: string, label: string, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'tool';
  button.textContent = text;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.addEventListener('click', () => onClick(button));
  return button;
}
