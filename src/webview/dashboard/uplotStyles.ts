import { css } from 'lit';

/**
 * The structural part of uPlot's stylesheet (uplot/dist/uPlot.min.css, MIT), as a lit stylesheet:
 * charts live in shadow roots, which a <link> in the page would not reach, and the CSP admits no
 * other stylesheet. Its legend and title rules are left out (the dashboard draws its own, themed
 * and readable by screen readers); colours come from the theme.
 */
export const uplotStyles = css`
  .uplot,
  .uplot *,
  .uplot *::before,
  .uplot *::after {
    box-sizing: border-box;
  }
  .uplot {
    font-family: var(--vscode-font-family);
    line-height: 1.5;
    width: min-content;
  }
  .u-wrap {
    position: relative;
    user-select: none;
  }
  .u-over,
  .u-under {
    position: absolute;
  }
  .u-under {
    overflow: hidden;
  }
  .uplot canvas {
    display: block;
    position: relative;
    width: 100%;
    height: 100%;
  }
  .u-axis {
    position: absolute;
  }
  .u-select {
    background: var(--vscode-editor-selectionBackground, rgba(128, 128, 128, 0.15));
    position: absolute;
    pointer-events: none;
  }
  .u-cursor-x,
  .u-cursor-y {
    position: absolute;
    left: 0;
    top: 0;
    pointer-events: none;
    will-change: transform;
  }
  .u-hz .u-cursor-x,
  .u-vt .u-cursor-y {
    height: 100%;
    border-right: 1px dashed var(--vscode-editorCursor-foreground, var(--vscode-foreground));
  }
  .u-hz .u-cursor-y,
  .u-vt .u-cursor-x {
    width: 100%;
    border-bottom: 1px dashed var(--vscode-editorCursor-foreground, var(--vscode-foreground));
  }
  .u-cursor-pt {
    position: absolute;
    top: 0;
    left: 0;
    border-radius: 50%;
    border: 0 solid;
    pointer-events: none;
    will-change: transform;
    /* uPlot sets the background shorthand on the element, which would reset the clip. */
    background-clip: padding-box !important;
  }
  .u-axis.u-off,
  .u-select.u-off,
  .u-cursor-x.u-off,
  .u-cursor-y.u-off,
  .u-cursor-pt.u-off {
    display: none;
  }
`;
