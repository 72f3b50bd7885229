using Commerce.Domain.Orders;
using Commerce.Projections.Orders;

namespace Commerce.Api.Orders;

/// <summary>A return as every route shows it.</summary>
public sealed record ReturnResponse(
    string Id, string OrderId, string Channel, string Status, IReadOnlyList<ReturnLine> Lines, string? Reason, IReadOnlyList<GradedLine>? Graded,
    decimal? Refund, DateTimeOffset RequestedAt, DateTimeOffset? ReceivedAt)
{
    public static ReturnResponse From(Order order, string returnId, DateTimeOffset at)
    {
        var r = order.Returns.Single(r => r.ReturnId == returnId);
        return new(r.ReturnId, order.Id, order.Channel, r.IsReceived ? ReturnView.Received : ReturnView.Requested, r.Lines, r.Reason, r.Graded,
            r.Refund, r.RequestedAt, r.IsReceived ? at : null);
    }

    public static ReturnResponse From(ReturnView r) =>
        new(r.Id, r.OrderId, r.Channel, r.Status, r.Lines, r.Reason, r.Graded, r.Refund, r.RequestedAt, r.ReceivedAt);
}
