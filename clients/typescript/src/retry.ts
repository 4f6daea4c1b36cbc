// When and how long to wait before sending a request again: 5xx, 429 and connection errors, with backoff.

export interface RetryPolicy {
  /** Attempts in all. */
  attempts: number;
  /** The n-th wait is `baseMs * 2**n` (plus up to 10% jitter), capped at `capMs`; `Retry-After` goes first. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, capMs: 30_000 };
const RETRIED = new Set([429, 500, 502, 503, 504]);

function waitMs(policy: RetryPolicy, attempt: number, response: Response | null): number {
  const retryAfter = response?.headers.get("Retry-After");
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Math.min(Number(retryAfter) * 1000, policy.capMs);
  const delay = Math.min(policy.baseMs * 2 ** attempt, policy.capMs);
  return delay + Math.random() * (delay / 10);
}

/** `send()` until its answer is neither a 5xx nor a 429 nor a connection error, or the attempts run out. */
export async function withRetries(send: () => Promise<Response>, options: Partial<RetryPolicy> = {}): Promise<Response> {
  const policy = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 0; ; attempt += 1) {
    let response: Response | null = null;
    try {
      response = await send();
    } catch (error) {
      if (attempt >= policy.attempts - 1) throw error;
    }
    if (response && (!RETRIED.has(response.status) || attempt >= policy.attempts - 1)) return response;
    await response?.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, waitMs(policy, attempt, response)));
  }
}
