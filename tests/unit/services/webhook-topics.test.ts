import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { entityIdOf, WEBHOOK_TOPICS } from "../../../app/services/webhook-topics";
import { parseJsonLosslessly } from "../../../app/sync/mapping/parse-shopify";

const toml = readFileSync("shopify.app.toml", "utf8");

/** The topics of every [[webhooks.subscriptions]] block whose uri the inbox route serves. */
function inboxTopicsInToml(): string[] {
  const blocks = toml.split("[[webhooks.subscriptions]]").slice(1);
  return blocks.flatMap((block) => {
    const uri = /uri\s*=\s*"([^"]+)"/.exec(block)?.[1] ?? "";
    if (uri.startsWith("/webhooks/app/")) return [];
    const list = /(?:compliance_topics|topics)\s*=\s*\[([^\]]*)\]/.exec(block)?.[1] ?? "";
    return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
  });
}

describe("webhook topics", () => {
  it("subscribes in shopify.app.toml to exactly the topics the inbox handles", () => {
    // GIVEN the inbox's topic table and the declared subscriptions
    const handled = Object.values(WEBHOOK_TOPICS).map((t) => t.topic).sort();
    // THEN they list the same topics, so no delivery is refused and no handler waits for nothing
    expect(inboxTopicsInToml().sort()).toEqual(handled);
  });

  it.each([
    ["orders/create", '{"id": 820982911946154508, "name": "#1001"}', "820982911946154508"],
    ["orders/edited", '{"order_edit": {"id": 1, "order_id": 5001}}', "5001"],
    ["customers_email_marketing_consent/update", '{"customer_id": 42}', "42"],
    ["customer.tags_added", '{"customerId": "gid://shopify/Customer/77", "tags": ["vip"]}', "77"],
    ["customers/redact", '{"shop_id": 1, "customer": {"id": 9}}', "9"],
    ["shop/redact", '{"shop_id": 1}', undefined],
  ] as const)("finds the entity of %s", (topic, body, expected) => {
    expect(entityIdOf(topic, parseJsonLosslessly(body)?.value)).toBe(expected);
  });
});
