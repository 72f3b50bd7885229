using Commerce.Api.Http;

[assembly: ApiTag("Inventory",
    "Stock of each SKU across sales channels: set, adjust and allocate it, safely retried and guarded by If-Match; read it with its reorder status.")]
