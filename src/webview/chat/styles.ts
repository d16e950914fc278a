import { css } from 'lit';

/** The chat uses the webviews' shared base styles as they are. */
export { baseStyles } from '../shared/baseStyles';

/** Rendered Markdown and highlight.js tokens, mapped onto theme colours that exist in every theme. */
export const markdownStyles = css`
  .markdown {
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  .markdown > :first-child,
  .markdown > div > :first-child {
    margin-top: 0;
  }
  .markdown p,
  .markdown ul,
  .markdown ol,
  .markdown blockquote,
  .markdown table {
    margin: 0 0 0.7em;
  }
  .markdown h1,
  .markdown h2,
  .markdown h3,
  .markdown h4 {
    font-size: 1.05em;
    font-weight: 600;
    margin: 0.9em 0 0.4em;
  }
  .markdown h1 {
    font-size: 1.2em;
  }
  .markdown a {
    color: var(--vscode-textLink-foreground);
  }
  .markdown a:hover {
    color: var(--vscode-textLink-activeForeground);
  }
  .markdown code {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size);
    background: var(--vscode-textCodeBlock-background);
    border-radius: 3px;
    padding: 0 3px;
  }
  .markdown pre {
    margin: 0 0 0.7em;
    padding: 8px 10px;
    overflow-x: auto;
    background: var(--vscode-textCodeBlock-background);
    /* A visible edge: the block's fill alone is barely darker than Light Modern's page. */
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-widget-border, transparent)));
    border-radius: 4px;
  }
  .code-wrap pre {
    border-radius: 0 0 4px 4px;
  }
  .markdown pre code {
    padding: 0;
    background: transparent;
    white-space: pre;
  }
  .markdown blockquote {
    border-left: 3px solid var(--vscode-textBlockQuote-border);
    background: var(--vscode-textBlockQuote-background);
    padding: 2px 8px;
  }
  .markdown table {
    border-collapse: collapse;
  }
  .markdown th,
  .markdown td {
    border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
    padding: 2px 6px;
  }
  .code-wrap {
    margin: 0 0 0.7em;
  }
  .code-wrap pre {
    margin: 0;
  }
  .code-bar {
    display: flex;
    align-items: center;
    gap: 2px;
    padding: 1px 4px;
    background: var(--vscode-editorGroupHeader-tabsBackground, var(--vscode-textCodeBlock-background));
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-widget-border, transparent)));
    border-bottom: none;
    border-radius: 4px 4px 0 0;
  }
  .code-bar .lang {
    flex: 1;
    font-size: 0.85em;
    color: var(--vscode-descriptionForeground);
  }
  /* Each token names its colour in --token; the rule after these draws it (mixed in light themes). */
  .hljs-comment,
  .hljs-quote {
    --token: var(--vscode-descriptionForeground);
    font-style: italic;
  }
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-meta .hljs-keyword,
  .hljs-doctag {
    --token: var(--vscode-symbolIcon-keywordForeground, var(--vscode-textLink-foreground));
  }
  .hljs-string,
  .hljs-regexp,
  .hljs-template-tag,
  .hljs-selector-attr {
    --token: var(--vscode-debugTokenExpression-string);
  }
  .hljs-number,
  .hljs-literal,
  .hljs-symbol,
  .hljs-bullet {
    --token: var(--vscode-debugTokenExpression-number);
  }
  .hljs-built_in,
  .hljs-type,
  .hljs-title.class_,
  .hljs-class .hljs-title {
    --token: var(--vscode-symbolIcon-classForeground, var(--vscode-debugTokenExpression-name));
  }
  .hljs-title,
  .hljs-title.function_,
  .hljs-section {
    --token: var(--vscode-symbolIcon-functionForeground, var(--vscode-debugTokenExpression-name));
  }
  .hljs-attr,
  .hljs-attribute,
  .hljs-variable,
  .hljs-params,
  .hljs-property,
  .hljs-name,
  .hljs-tag {
    --token: var(--vscode-debugTokenExpression-name);
  }
  .hljs-meta {
    --token: var(--vscode-debugTokenExpression-boolean, var(--vscode-descriptionForeground));
  }
  .hljs-addition {
    --token: var(--vscode-gitDecoration-addedResourceForeground);
  }
  .hljs-deletion {
    --token: var(--vscode-gitDecoration-deletedResourceForeground);
  }
  /* Light themes' token colours are made for the editor's white, not the code block's grey
     (#098658 is 4.33:1 and the class orange 2.88:1 on #f8f8f8): mixed towards the body text, they
     keep their hue and reach 4.5:1. Dark themes' tokens already do. */
  .markdown [class^='hljs-'],
  .markdown [class*=' hljs-'] {
    color: var(--token);
  }
  :host-context(.vscode-light) .markdown [class^='hljs-'],
  :host-context(.vscode-light) .markdown [class*=' hljs-'] {
    color: color-mix(in srgb, var(--token) 60%, var(--vscode-foreground));
  }
  .hljs-emphasis {
    font-style: italic;
  }
  .hljs-strong {
    font-weight: 600;
  }
`;

/**
 * The folded reasoning above an answer: quieter than the answer, plain text with its own line
 * breaks kept (it is never rendered as Markdown or HTML).
 */
export const reasoningStyles = css`
  details.reasoning {
    margin: 0 0 6px;
    padding-left: 8px;
    border-left: 2px solid var(--vscode-textBlockQuote-border, var(--vscode-editorWidget-border, transparent));
    color: var(--vscode-descriptionForeground);
  }
  details.reasoning[hidden] {
    display: none;
  }
  details.reasoning > summary {
    width: fit-content;
    cursor: pointer;
    font-style: italic;
  }
  details.reasoning > summary:hover {
    color: var(--vscode-foreground);
  }
  .reasoning-text {
    margin-top: 4px;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    line-height: 1.45;
    font-size: 0.95em;
  }
`;
