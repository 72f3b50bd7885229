using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary><c>PUT /v1/deals/{id}</c> with <c>status: perdido</c> and a <c>loss_reason</c> (the seed's <c>markDealLost</c>).</summary>
public sealed record MarkDealLost(string DealId, string LossReason, long? ExpectedVersion = null) : IStreamCommand
{
    public string StreamId => DealId;
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Deal? deal, MarkDealLost command, DateTimeOffset now)
    {
        if (deal is null) return NotFound("Deal", command.DealId);
        if (deal.IsClosed) return Closed(deal);
        if (string.IsNullOrWhiteSpace(command.LossReason))
            return Decision.Reject(ErrorKind.Invalid, "loss_reason_required", "loss_reason is required to mark a deal lost (status perdido).");
        return Decision.Accept(new DealLost(deal.Id, command.LossReason.Trim(), now));
    }
}
