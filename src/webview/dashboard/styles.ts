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

/**
 * The range control: radio buttons drawn as a segmented control. The selected segment is filled
 * with the button colour, which in both Modern themes is also the focus colour, so on the
 * selected segment the focus ring is drawn in the button's text colour, inside the fill.
 */
export const rangeStyles = css`
  fieldset.range {
    display: inline-flex;
    border: 1px solid var(--vscode-button-secondaryBackground, var(--vscode-contrastBorder, rgba(128, 128, 128, 0.4)));
    border-radius: 4px;
    padding: 0;
    margin: 0;
    overflow: hidden;
  }
  fieldset.range legend {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  fieldset.range label {
    position: relative;
    padding: 3px 10px;
    cursor: pointer;
    color: var(--vscode-foreground);
  }
  fieldset.range label + label {
    border-left: 1px solid var(--vscode-button-secondaryBackground, var(--vscode-contrastBorder, rgba(128, 128, 128, 0.4)));
  }
  fieldset.range input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  fieldset.range label.checked {
    background: var(--vscode-button-background);
    color: var(--vscode-button-foreground);
  }
  fieldset.range label:has(input:focus-visible) {
    outline: 2px solid var(--vscode-focusBorder);
    outline-offset: -2px;
  }
  fieldset.range label.checked:has(input:focus-visible) {
    outline-color: var(--vscode-button-foreground);
    outline-offset: -4px;
  }
`;
