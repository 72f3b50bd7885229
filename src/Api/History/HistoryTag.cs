using Commerce.Api.Http;

[assembly: ApiTag("History",
    "Every change is an event: the events of one record, the tenant's audit trail, and the commit-safe feed of all events, paged or live.")]
