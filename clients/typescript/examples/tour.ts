// The README's tour through the TypeScript SDK, as an app would run it: node dist/examples/tour.js '<json>' with
// {"url": Laurel's URL, "front": a URL in front of it (maybe flaky), "admin_token"}. Prints what it saw as JSON.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { BadSignature, createLaurel, LaurelError, verifySignature } from "../src/index.js";

interface Delivery {
  signature: string;
  body: Uint8Array;
}

async function receiver(): Promise<{ url: string; deliveries: Delivery[]; close: () => void }> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      deliveries.push({ signature: String(request.headers["laurel-signature"]), body: Buffer.concat(chunks) });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, deliveries, close: () => server.close() };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as { url: string; front: string; admin_token: string };
  const operator = createLaurel({ baseUrl: args.url, apiKey: args.admin_token });
  const tenant = await operator.api.POST("/v1/tenants", { body: { name: "Tour shop (TypeScript)" } });
  if (!tenant.data) throw new Error(`no tenant: ${JSON.stringify(tenant.error)}`);
  const shop = createLaurel({ baseUrl: args.front, apiKey: tenant.data.api_key, retry: { baseMs: 10, capMs: 50 } });

  await shop.api.POST("/v1/programs", { body: { key: "summer", name: "Summer", status: "active" } });
  const program = await shop.api.GET("/v1/programs/{key}", { params: { path: { key: "summer" } } });

  await shop.request("POST", "/v1/rules", {
    key: "cashback",
    event_type: "purchase",
    condition: "event.amount >= 10",
    points: "event.amount * 5 / 100",
    xp: "1",
  });
  await shop.request("POST", "/v1/badges", {
    key: "regular",
    name: "Regular",
    criteria: { event_type: "purchase", count: 2 },
  });
  await shop.request("POST", "/v1/badges", {
    key: "big",
    name: "Big spender",
    criteria: { event_type: "purchase", sum: "event.amount", at_least: 10_000 },
  });
  const hooks = await receiver();
  const hook = await shop.request("POST", "/v1/webhooks", { url: hooks.url, events: ["badge.awarded"] });
  await shop.api.POST("/v1/members", { body: { external_id: "alice", display_name: "Alice" } });

  const order1 = { id: "order-1", member: "alice", type: "purchase", properties: { amount: 400 } };
  const first = await shop.sendEvent(order1);
  const second = await shop.sendEvent({ id: "order-2", member: "alice", type: "purchase", properties: { amount: 200 } });
  const replay = await shop.sendEvent(order1);

  const balance = await shop.api.GET("/v1/members/{external_id}/balance", { params: { path: { external_id: "alice" } } });
  const badges = await shop.api.GET("/v1/members/{external_id}/badges", {
    params: { path: { external_id: "alice" }, query: { include_locked: true } },
  });
  const postings: unknown[] = [];
  for await (const posting of shop.paginate("/v1/members/alice/ledger", { limit: 1 })) postings.push(posting);

  let refused: { status: number; problem: Record<string, unknown> } | null = null;
  try {
    await shop.request("POST", "/v1/rules", { key: "broken", event_type: "purchase", points: "event.amount *" });
  } catch (error) {
    if (!(error instanceof LaurelError)) throw error;
    refused = { status: error.status, problem: error.problem };
  }

  await shop.request("POST", "/v1/jobs/deliver-webhooks");
  hooks.close();
  const checks: string[] = [];
  for (const delivery of hooks.deliveries) {
    await verifySignature(hook.secret, delivery.signature, delivery.body);
    checks.push("genuine");
    const tampered = new Uint8Array([...delivery.body, 32]);
    await verifySignature(hook.secret, delivery.signature, tampered).catch((error: unknown) => {
      if (error instanceof BadSignature) checks.push("tampered refused");
    });
  }

  process.stdout.write(
    JSON.stringify({
      program: program.data,
      first,
      second,
      replay,
      balance: balance.data,
      badges: badges.data,
      postings,
      refused,
      checks,
    }) + "\n",
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : JSON.stringify(error)}\n`);
  process.exit(1);
});
