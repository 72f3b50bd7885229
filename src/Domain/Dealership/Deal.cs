namespace Commerce.Domain.Dealership;

/// <summary>What a deal is about; <see cref="Phase"/> is where it stands in the pipeline.</summary>
public sealed record DealDetails(
    string Title, decimal Value, string Phase, int Probability, string ClientId, string? VehicleId, string? StoreId, string? Source,
    IReadOnlyList<string> Tags)
{
    public bool Equals(DealDetails? other) => other is not null && Title == other.Title && Value == other.Value && Phase == other.Phase
        && Probability == other.Probability && ClientId == other.ClientId && VehicleId == other.VehicleId && StoreId == other.StoreId
        && Source == other.Source && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Title, Value, Phase, ClientId, VehicleId);
}

/// <summary>Write-side state of one deal's stream.</summary>
public sealed record Deal(
    string Id, DealDetails Details, string Status, decimal? WonValue, string? LossReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt)
{
    public bool IsClosed => Status != DealStatuses.Open;

    public static Deal? Evolve(Deal? state, object @event) => @event switch
    {
        DealCreated e => new Deal(e.DealId, e.Details, DealStatuses.Open, null, null, e.CreatedAt, e.CreatedAt, null),
        DealChanged e => state! with { Details = e.Details, UpdatedAt = e.ChangedAt },
        DealWon e => state! with { Status = DealStatuses.Won, WonValue = e.Value, UpdatedAt = e.WonAt, ClosedAt = e.WonAt },
        DealLost e => state! with { Status = DealStatuses.Lost, LossReason = e.LossReason, UpdatedAt = e.LostAt, ClosedAt = e.LostAt },
        _ => state
    };

    /// <summary>The claim a won deal holds on its vehicle: one deal sells a vehicle.</summary>
    public static string SaleKey(string vehicleId) => "sale:" + vehicleId;

    public static IEnumerable<string> KeysOf(Deal? deal) =>
        deal is { Status: DealStatuses.Won, Details.VehicleId: { } vehicleId } ? [SaleKey(vehicleId)] : [];
}

/// <summary>
/// The sales pipeline, in order: <c>lead</c> → <c>qualificacao</c> → <c>proposta</c> → <c>negociacao</c> →
/// <c>fechamento</c>. An open deal may move to any phase (forward, or back when a negotiation reopens); closing it is
/// MarkDealWon or MarkDealLost, whatever its phase.
/// </summary>
public static class DealPhases
{
    public static readonly IReadOnlyList<string> All = ["lead", "qualificacao", "proposta", "negociacao", "fechamento"];
}

/// <summary><c>ativo</c> (open), then <c>ganho</c> or <c>perdido</c>, both terminal.</summary>
public static class DealStatuses
{
    public const string Open = "ativo";
    public const string Won = "ganho";
    public const string Lost = "perdido";

    public static readonly IReadOnlyList<string> All = [Open, Won, Lost];
}
