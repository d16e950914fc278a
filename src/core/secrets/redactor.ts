/**
 * Scrubs known secrets from text before it is logged or shown. Keys are added as they are read;
 * anything that looks like a bearer token is masked too, as a second line of defence.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short values would mask ordinary words; no real API key is this short.
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  remove(secret: string | undefined): void {
    if (secret) this.secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(mask(secret));
    }
    // Headers appear as `Name: value` but also serialized: `"Authorization":"Bearer …"`,
    // `'x-api-key': '…'`, `Authorization=Bearer%20…`; a bearer token is masked wherever it stands.
    return out
      .replace(/\b(bearer(?:\s+|%20))[^\s"',&]{8,}/gi, '$1***')
      .replace(/\b(x-api-key|api[_-]?key)(["']?\s*[:=]\s*["']?)[^\s"',&]{8,}/gi, '$1$2***')
      .replace(/\b(sk-(?:ant-)?[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{12,}/g, '$1***');
  }
}

function mask(secret: string): string {
  return `${secret.slice(0, 3)}***`;
}
