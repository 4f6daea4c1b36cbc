// Check a webhook delivery before trusting it. Laurel signs each one:
// `Laurel-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the webhook's secret (`whsec_...`,
// answered once when the webhook was created). The timestamp bounds replays.

export class BadSignature extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BadSignature";
  }
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Rejects with BadSignature unless `header` signs exactly `body` (the raw bytes received) with `secret`, within
 * `toleranceSeconds` of `now` (unix seconds). Web Crypto only: Node 20+, Deno, browsers, workers. */
export async function verifySignature(
  secret: string,
  header: string,
  body: Uint8Array | string,
  { toleranceSeconds = 300, now = Date.now() / 1000 }: { toleranceSeconds?: number; now?: number } = {},
): Promise<void> {
  const parts = header.split(",").map((item) => item.trim().split("=", 2));
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(timestamp)) throw new BadSignature("no timestamp in the signature header");
  if (Math.abs(now - timestamp) > toleranceSeconds) throw new BadSignature("the signature is older than the tolerance");
  const encoder = new TextEncoder();
  const raw = typeof body === "string" ? encoder.encode(body) : body;
  const signed = new Uint8Array([...encoder.encode(`${timestamp}.`), ...raw]);
  const key = await globalThis.crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const expected = hex(await globalThis.crypto.subtle.sign("HMAC", key, signed));
  if (!parts.some(([key, value]) => key === "v1" && value !== undefined && sameText(expected, value))) {
    throw new BadSignature("the signature does not match the body");
  }
}
