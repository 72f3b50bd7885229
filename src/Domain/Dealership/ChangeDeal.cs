using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary>
/// <c>PUT /v1/deals/{id}</c> without a closing status: the fields sent replace the current ones (a move along the
/// pipeline is a new <see cref="Phase"/>); a null leaves one as it is.
/// </summary>
public sealed record ChangeDeal(
    string DealId, string? Title, decimal? Value, string? Phase, int? Probability, string? ClientId, string? VehicleId, string? StoreId,
    string? Source, IReadOnlyList<string>? Tags, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => DealId;

    public DealDetails Over(DealDetails d) => new(
        Title ?? d.Title, Value ?? d.Value, Phase ?? d.Phase, Probability ?? d.Probability, ClientId ?? d.ClientId, VehicleId ?? d.VehicleId,
        StoreId ?? d.StoreId, Source ?? d.Source, Tags ?? d.Tags);
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Deal? deal, ChangeDeal command, DealershipReferences references, DateTimeOffset now)
    {
        if (deal is null) return NotFound("Deal", command.DealId);
        if (deal.IsClosed) return Closed(deal);
        if (DealProblem(NewClient(command.ClientId, deal.Details.ClientId), command.VehicleId, command.StoreId, references) is { } problem) return Rejected(problem);
        var details = command.Over(deal.Details);
        return details == deal.Details ? Decision.Accept() : Decision.Accept(new DealChanged(deal.Id, details, now));
    }

    /// <summary>Won and lost are terminal: no change, no second close.</summary>
    private static Decision Closed(Deal deal) => Decision.Reject(ErrorKind.Conflict, "deal_closed",
        $"Deal {deal.Id} is {deal.Status} since {deal.ClosedAt:O}; a closed deal does not change. Open a new deal instead.");
}
