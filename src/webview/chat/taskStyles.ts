import { css } from 'lit';

/** The task card. Status is told by icon and word; colour only repeats it. */
export const taskCardStyles = css`
  .card {
    border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
    border-radius: 4px;
    padding: 8px 10px;
  }
  header {
    display: flex;
    align-items: flex-start;
    gap: 8px;
  }
  /* Title and status on one line where they fit; in a narrow side bar the status takes the next
     line whole instead of wrapping word by word beside the title. */
  .heading {
    flex: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 8px;
  }
  .title {
    font-weight: 600;
    white-space: nowrap;
  }
  .instruction,
  pre.text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 6px 0;
  }
  pre.text {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size);
  }
  ol.timeline {
    list-style: none;
    margin: 6px 0;
    padding: 0;
  }
  .phase {
    padding: 3px 0;
    border-top: 1px solid var(--vscode-editorWidget-border, transparent);
  }
  .line {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 6px;
  }
  .icon {
    width: 1.2em;
    text-align: center;
  }
  .name {
    font-weight: 600;
  }
  .status,
  .figures {
    color: var(--vscode-descriptionForeground);
  }
  .succeeded .icon {
    color: var(--vscode-testing-iconPassed, inherit);
  }
  /* The theme's error and warning colours are below 4.5:1 as text on Light Modern (errorForeground
     #f85149 on #f8f8f8 is 3.15:1): words stay in the text colour, and the colour marks them as a
     border or a dot beside them, where 3:1 is enough. */
  .failed .icon {
    color: var(--vscode-errorForeground);
  }
  .error,
  .stopped {
    border-left: 2px solid var(--vscode-errorForeground);
    padding-left: 6px;
  }
  .running .icon {
    color: var(--vscode-progressBar-background, inherit);
  }
  .note,
  .error,
  .fallbacks,
  .output {
    margin-left: 1.8em;
  }
  ul {
    margin: 2px 0;
    padding-left: 1.4em;
  }
  .checklist {
    list-style: none;
    padding-left: 0.4em;
  }
  button.link {
    color: var(--vscode-textLink-foreground);
    font-family: var(--vscode-editor-font-family);
  }
  .severity,
  .code,
  .kind {
    font-weight: 600;
  }
  .severity::before {
    content: '●';
    margin-right: 3px;
  }
  .severity.error::before {
    color: var(--vscode-errorForeground);
  }
  .severity.warning::before {
    color: var(--vscode-editorWarning-foreground);
  }
  .lines {
    color: var(--vscode-descriptionForeground);
  }
  .totals .label {
    font-weight: 600;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 6px;
  }
  .feedback-form {
    display: flex;
    gap: 6px;
    margin-top: 6px;
  }
  .feedback-form textarea {
    flex: 1;
    font: inherit;
    color: var(--vscode-input-foreground);
    background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
    min-height: 3em;
  }
`;
