import { css } from 'lit';
import { baseStyles as sharedBaseStyles } from '../shared/baseStyles';

/** The webviews' shared base styles; the dashboard's tool buttons read as links. */
export const baseStyles = [
  sharedBaseStyles,
  css`
    button.tool {
      color: var(--vscode-textLink-foreground);
    }
  `,
];
