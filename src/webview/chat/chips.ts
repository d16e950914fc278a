import type { ChipView, CompletionItem, ContextChip, EditorContextView } from '../../protocol/chatProtocol';

/** Strips the display label: only the reference goes back to the host. */
export function chipReference(chip: ContextChip): ContextChip {
  switch (chip.kind) {
    case 'selection':
    case 'activeFile':
      return { kind: chip.kind };
    case 'file':
      return { kind: 'file', path: chip.path };
    case 'symbol':
      return chip.line === undefined ? { kind: 'symbol', name: chip.name, path: chip.path } : { kind: 'symbol', name: chip.name, path: chip.path, line: chip.line };
  }
}

export function chipKey(chip: ContextChip): string {
  switch (chip.kind) {
    case 'selection':
    case 'activeFile':
      return chip.kind;
    case 'file':
      return `file:${chip.path}`;
    case 'symbol':
      return `symbol:${chip.path}:${chip.name}:${chip.line ?? ''}`;
  }
}

/** Adds a chip unless the same reference is already attached. */
export function addChip(chips: readonly ChipView[], chip: ChipView): readonly ChipView[] {
  const key = chipKey(chip);
  return chips.some((c) => chipKey(c) === key) ? chips : [...chips, chip];
}

export function chipFromCompletion(item: CompletionItem): ChipView {
  return item.kind === 'file'
    ? { kind: 'file', path: item.path, label: item.label }
    : item.line === undefined
      ? { kind: 'symbol', name: item.label, path: item.path, label: item.label }
      : { kind: 'symbol', name: item.label, path: item.path, line: item.line, label: item.label };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** Chips the editor offers right now (the selection, the active file) that are not attached yet. */
export function suggestedChips(context: EditorContextView, attached: readonly ChipView[]): ChipView[] {
  const out: ChipView[] = [];
  const has = (kind: 'selection' | 'activeFile') => attached.some((c) => c.kind === kind);
  if (context.selection && !has('selection')) {
    const s = context.selection;
    const lines = s.startLine === s.endLine ? `${s.startLine}` : `${s.startLine}-${s.endLine}`;
    out.push({ kind: 'selection', label: `Selection ${baseName(s.path)}:${lines}` });
  }
  if (context.activeFile && !has('activeFile')) out.push({ kind: 'activeFile', label: baseName(context.activeFile.path) });
  return out;
}
