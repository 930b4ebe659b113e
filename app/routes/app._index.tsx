import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { getShopCrmConnection } from "../services/shops.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { shop: session.shop, connection: await getShopCrmConnection(session.shop) };
};

export default function Home() {
  const { shop, connection } = useLoaderData<typeof loader>();

  return (
    <Page>
      <TitleBar title="RetailCRM connector" />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  RetailCRM connector
                </Text>
                {connection.state === "connected" ? (
                  <Badge tone="success">Connected</Badge>
                ) : (
                  <Badge tone="attention">Not connected</Badge>
                )}
              </InlineStack>
              <Text as="p">
                Shop: <Text as="span" fontWeight="semibold">{shop}</Text>
              </Text>
              {connection.state === "connected" ? (
                <Text as="p">
                  Connected to {connection.crmUrl}
                  {connection.crmSite ? ` (site ${connection.crmSite})` : ""}
                </Text>
              ) : (
                <BlockStack gap="200">
                  <Text as="p">Not connected yet: run this on the app&apos;s server with your RetailCRM address and API key.</Text>
                  <Box padding="200" background="bg-surface-secondary" borderRadius="200">
                    <Text as="p" variant="bodySm">
                      <code>{`npm run cli -- connect --shop ${shop} --crm-url https://<account>.retailcrm.ru --api-key <key>`}</code>
                    </Text>
                  </Box>
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
