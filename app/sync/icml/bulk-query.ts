/** The variant fields every catalog read asks for, in bulk and paged (the paged read adds the variant's image). */
export const CATALOG_VARIANT_FIELDS = `
  id
  title
  sku
  barcode
  price
  inventoryQuantity
  selectedOptions {
    name
    value
  }
  inventoryItem {
    measurement {
      weight {
        unit
        value
      }
    }
  }`;

/** The fields of a product or variant image the writer reads. */
export const CATALOG_MEDIA_FIELDS = `
  id
  mediaContentType
  ... on MediaImage {
    image {
      url
    }
  }`;


/**
 * The Bulk Operation query whose JSONL output `readBulkCatalogJsonl` reads (Admin API 2026-10).
 *
 * Bulk rules shape it: at most five connections and two levels of nesting, so products (level 1)
 * carry variants, collections and media (level 2) and a variant's own media (level 3) cannot be
 * asked for; variants fall back to the product's featured image. Non-connection objects
 * (`featuredMedia`, `inventoryItem.measurement.weight`, `selectedOptions`) stay inline on their line.
 *
 * Run it with `groupObjects: BULK_CATALOG_GROUP_OBJECTS`: the reader emits a product when the next
 * product line starts, which is only sound when every child line sits directly below its parent.
 * Shopify guarantees that only for grouped output ("Only enable grouping if you depend on the
 * grouped format"); ungrouped output makes the reader stop with a `BulkCatalogFormatError`.
 */
export const BULK_CATALOG_PRODUCTS_QUERY = `#graphql
  query BulkCatalogProducts {
    products {
      edges {
        node {
          id
          title
          handle
          vendor
          status
          publishedAt
          onlineStoreUrl
          featuredMedia {
            ${CATALOG_MEDIA_FIELDS}
          }
          collections {
            edges {
              node {
                id
                title
              }
            }
          }
          media {
            edges {
              node {
                ${CATALOG_MEDIA_FIELDS}
              }
            }
          }
          variants {
            edges {
              node {
                ${CATALOG_VARIANT_FIELDS}
              }
            }
          }
        }
      }
    }
  }
`;

export const BULK_CATALOG_GROUP_OBJECTS = true;
