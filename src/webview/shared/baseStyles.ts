import { css } from 'lit';

/**
 * Shared styles. Colours come only from VS Code's theme variables, so light, dark and both
 * high-contrast themes read well; high-contrast themes set --vscode-contrastBorder, used for edges.
 */
export const baseStyles = css`
  :host {
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    font-weight: var(--vscode-font-weight);
  }
  *:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  button.tool {
    font: inherit;
    font-size: 0.92em;
    color: var(--vscode-foreground);
    background: transparent;
    border: 1px solid transparent;
    border-radius: 3px;
    padding: 1px 6px;
    cursor: pointer;
  }
  button.tool:hover:not(:disabled) {
    background: var(--vscode-toolbar-hoverBackground);
    border-color: var(--vscode-contrastActiveBorder, transparent);
  }
  button.tool:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .muted {
    color: var(--vscode-descriptionForeground);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
