using Commerce.Api.Http;

[assembly: ApiTag("Admin",
    "Operator routes across all tenants (scope admin): projection status and lag, and rebuilds that keep the read model serving.")]
