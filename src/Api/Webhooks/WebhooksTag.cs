using Commerce.Api.Http;

[assembly: ApiTag("Webhooks",
    "Signed POSTs of the events a webhook subscribes to: register, change, pause or delete it, rotate its secret, read its delivery log, retry and replay.")]
