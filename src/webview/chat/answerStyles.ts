import { css } from 'lit';

/** An answer: its progress line, partial and error boxes, footer figures and actions. */
export const answerStyles = css`
  :host {
    display: block;
  }
  .progress {
    color: var(--vscode-descriptionForeground);
    font-style: italic;
    margin: 2px 0 6px;
  }
  .cursor::after {
    content: '▍';
    color: var(--vscode-editorCursor-foreground, var(--vscode-foreground));
  }
  .partial {
    border-left: 3px solid var(--vscode-editorWarning-foreground);
    padding: 2px 8px;
    margin: 6px 0;
  }
  .error {
    border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
    background: var(--vscode-inputValidation-errorBackground, transparent);
    border-radius: 4px;
    padding: 6px 10px;
    margin: 6px 0;
  }
  .error.cancelled {
    border-color: var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
    background: transparent;
  }
  .error h3 {
    font-size: 1em;
    margin: 0 0 4px;
  }
  .error p,
  .error ul {
    margin: 0 0 6px;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  footer {
    margin-top: 6px;
    font-size: 0.9em;
    color: var(--vscode-descriptionForeground);
  }
  footer ul.figures {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  footer .label {
    opacity: 0.85;
  }
  footer .cached {
    color: var(--vscode-charts-green, var(--vscode-foreground));
  }
  footer details {
    margin-top: 2px;
  }
  footer summary {
    cursor: pointer;
  }
  footer ul.why {
    margin: 2px 0 0;
    padding-left: 16px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    margin-top: 4px;
  }
  .actions vscode-single-select {
    width: 200px;
  }
`;
