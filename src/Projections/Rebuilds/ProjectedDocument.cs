namespace Commerce.Projections.Rebuilds;

/// <summary>A folded document for a <see cref="ShadowTable"/>: its tenant, id, and the version of its stream's last event.</summary>
internal sealed record ProjectedDocument(string Tenant, string Id, long Version, object Document);
