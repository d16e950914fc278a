// A thread that runs the benchmark's baseline: a plain loop parsing files, nothing else. Bundled
// by parseLoop.ts so it starts as the index's own workers do (fresh isolate, cold code).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import * as ts from 'typescript';
import { parseSource } from '../../src/core/analysis/parseSource';

export interface ParseLoopRequest {
  readonly paths: readonly string[];
  /** 'plain': ts.createSourceFile(path, text, Latest) as documented; 'index': the index's own parse options. */
  readonly mode: 'plain' | 'index';
}

parentPort?.on('message', (request: ParseLoopRequest) => {
  let nodes = 0;
  for (const path of request.paths) {
    let text = readFileSync(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const sf = request.mode === 'plain' ? ts.createSourceFile(path, text, ts.ScriptTarget.Latest) : parseSource(path, text);
    // Keeps the parse observable so no engine could drop it.
    nodes += sf.statements.length;
  }
  parentPort?.postMessage(nodes);
});
