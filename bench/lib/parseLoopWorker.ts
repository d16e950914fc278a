// A thread that runs the benchmark's baseline: a plain loop parsing files, nothing else. Bundled
// by parseLoop.ts so it starts as the index's own workers do (fresh isolate, cold code).
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import * as ts from 'typescript';
import { parseSource } from '../../src/core/analysis/parseSource';

export interface ParseLoopRequest {
  readonly paths: readonly string[];
  /**
   * 'plain': ts.createSourceFile(path, text, Latest) as documented; 'index': the index's own parse
   * options; 'walk': the index's parse, then every node visited once with ts.forEachChild and
   * nothing done with it (the least any analysis of the whole tree must do beyond the parse).
   */
  readonly mode: 'plain' | 'index' | 'walk';
}

function countNodes(node: ts.Node): number {
  let n = 1;
  ts.forEachChild(node, (child) => {
    n += countNodes(child);
  });
  return n;
}

parentPort?.on('message', (request: ParseLoopRequest) => {
  let nodes = 0;
  for (const path of request.paths) {
    let text = readFileSync(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const sf = request.mode === 'plain' ? ts.createSourceFile(path, text, ts.ScriptTarget.Latest) : parseSource(path, text);
    // Keeps the parse (and the walk) observable so no engine could drop it.
    nodes += request.mode === 'walk' ? countNodes(sf) : sf.statements.length;
  }
  parentPort?.postMessage(nodes);
});
