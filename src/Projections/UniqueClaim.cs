namespace Commerce.Projections;

/// <summary>
/// A unique value a record holds (<see cref="Domain.Common.UniqueClaims"/>): the id is the value with its kind
/// (<c>email:...</c>, <c>tax_id:...</c>, <c>plate:...</c>, <c>sale:...</c>), so the table's primary key (tenant, id)
/// lets one record hold it, whichever node writes. <see cref="HolderId"/> is the holding record's stream id.
/// </summary>
public sealed record UniqueClaim(string Id, string HolderId);
