import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { login } from "../../shopify.server";
import styles from "./styles.module.css";

export const meta: MetaFunction = () => [{ title: "RetailCRM connector for Shopify" }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Shopify opens the app URL with ?shop=…; the embedded app lives under /app.
  if (url.searchParams.get("shop")) {
    throw redirect(`/app?${url.searchParams.toString()}`);
  }
  return { showLoginForm: Boolean(login) };
};

export default function Landing() {
  const { showLoginForm } = useLoaderData<typeof loader>();

  return (
    <main className={styles.page}>
      <div className={styles.content}>
        <h1 className={styles.heading}>RetailCRM connector for Shopify</h1>
        <p className={styles.text}>Keep your Shopify store and your RetailCRM account in sync, both ways.</p>
        {showLoginForm && (
          <Form className={styles.form} method="post" action="/auth/login">
            <label className={styles.label}>
              <span>Shop domain</span>
              <input className={styles.input} type="text" name="shop" placeholder="example.myshopify.com" />
            </label>
            <button className={styles.button} type="submit">
              Log in
            </button>
          </Form>
        )}
        <ul className={styles.list}>
          <li>
            <strong>Orders and customers to RetailCRM</strong>. New and changed orders and customers reach the CRM
            within seconds, with phones, addresses and the buyer&apos;s note.
          </li>
          <li>
            <strong>Your catalog in RetailCRM</strong>. Products and variants are published as an ICML catalog the
            CRM reads on its own schedule.
          </li>
          <li>
            <strong>Changes made in RetailCRM back to Shopify</strong>. Status, customer and payment updates made by
            your managers flow back to the store, with a sync log that says what went wrong and how to fix it.
          </li>
        </ul>
      </div>
    </main>
  );
}
