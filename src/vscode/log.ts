import * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';
import type { SecretRedactor } from '../core/secrets/redactor';

/** The "Switchboard" log. Every line passes through the redactor, so a key can never be written. */
export class RedactingLog implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(private readonly redactor: SecretRedactor) {
    this.channel = vscode.window.createOutputChannel('Switchboard', { log: true });
  }

  trace(message: string): void {
    this.channel.trace(this.redactor.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }
  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }
  error(message: string | Error): void {
    const text = message instanceof Error ? `${message.name}: ${message.message}` : message;
    this.channel.error(this.redactor.redact(text));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
