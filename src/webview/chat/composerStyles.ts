import { css } from 'lit';

/** The composer: its input, chips, completion list and pickers. */
export const composerStyles = css`
  :host {
    display: block;
    position: relative;
    padding: 6px 8px 8px;
    border-top: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-bottom: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 2px;
    max-width: 100%;
    border-radius: 10px;
    padding: 0 2px 0 8px;
    background: var(--vscode-badge-background);
    color: var(--vscode-badge-foreground);
    border: 1px solid var(--vscode-contrastBorder, transparent);
    font-size: 0.9em;
  }
  .chip button {
    color: inherit;
    padding: 0 4px;
  }
  .chip.suggested {
    background: transparent;
    color: var(--vscode-foreground);
    border: 1px dashed var(--vscode-contrastBorder, var(--vscode-badge-background));
    padding: 0;
  }
  .chip.suggested button {
    padding: 0 8px;
  }
  .chip .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  textarea {
    box-sizing: border-box;
    display: block;
    width: 100%;
    min-height: 3.2em;
    max-height: 40vh;
    resize: vertical;
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
    border-radius: 2px;
    padding: 4px 6px;
  }
  textarea::placeholder {
    color: var(--vscode-input-placeholderForeground);
  }
  textarea:focus {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: -1px;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    align-items: center;
    margin-top: 6px;
  }
  .controls vscode-single-select {
    width: 130px;
  }
  .controls vscode-single-select.model {
    width: 180px;
  }
  /* Wide enough for "Task: Add Documentation": at 130px the chosen profile read "Task: Implem…". */
  .controls vscode-single-select.mode {
    width: 200px;
    max-width: 100%;
  }
  .spacer {
    flex: 1;
  }
  ul[role='listbox'] {
    position: absolute;
    left: 8px;
    right: 8px;
    bottom: 100%;
    max-height: 220px;
    overflow-y: auto;
    margin: 0;
    padding: 2px 0;
    list-style: none;
    background: var(--vscode-editorSuggestWidget-background, var(--vscode-editorWidget-background));
    color: var(--vscode-editorSuggestWidget-foreground, var(--vscode-foreground));
    border: 1px solid var(--vscode-editorSuggestWidget-border, var(--vscode-widget-border, var(--vscode-contrastBorder, transparent)));
    box-shadow: 0 0 8px var(--vscode-widget-shadow, transparent);
    z-index: 10;
  }
  li[role='option'] {
    display: flex;
    gap: 8px;
    padding: 2px 8px;
    cursor: pointer;
  }
  li[role='option'][aria-selected='true'] {
    background: var(--vscode-editorSuggestWidget-selectedBackground, var(--vscode-list-activeSelectionBackground));
    color: var(--vscode-editorSuggestWidget-selectedForeground, var(--vscode-list-activeSelectionForeground));
    outline: 1px dotted var(--vscode-contrastActiveBorder, transparent);
  }
  li .name {
    flex: 0 1 auto;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  li .detail {
    flex: 1 1 0;
    min-width: 0;
    opacity: 0.75;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  li.empty {
    padding: 2px 8px;
    color: var(--vscode-descriptionForeground);
  }
  .hint {
    font-size: 0.85em;
    margin-top: 4px;
  }
`;
