import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The page is painted in the colour of the place it sits in (not left transparent), so contrast
 * checkers measure text against what a person sees instead of an assumed white.
 *
 * The HTML shell of a webview: a strict CSP with a fresh nonce per load, scripts only from the bundle.
 * Styles come from lit's constructable stylesheets, which style-src does not govern; inline style
 * attributes stay forbidden.
 */
/** Where the webview sits, hence the theme colour behind it. */
export type WebviewPlace = 'sideBar' | 'editor';

export function webviewHtml(webview: vscode.Webview, script: vscode.Uri, title: string, place: WebviewPlace): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style nonce="${nonce}">html, body { margin: 0; padding: 0; background: var(--vscode-${place}-background); }</style>
</head>
<body>
<main id="root"></main>
<script type="module" nonce="${nonce}" src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}
