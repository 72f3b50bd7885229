using Commerce.Domain.Profile;
using Commerce.Projections;
using Commerce.Projections.Orders;
using Commerce.Projections.Profile;
using Marten;

namespace Commerce.Api.Channels;

/// <summary>
/// <c>orders_today</c> of the channels: orders placed since midnight in the store's time zone (its profile's, UTC
/// without one), counted per channel through the orders list's channel index.
/// </summary>
internal static class OrdersToday
{
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(
        IQuerySession session, IReadOnlyCollection<string> channelIds, DateTimeOffset now, CancellationToken ct)
    {
        if (channelIds.Count == 0) return new Dictionary<string, int>();
        var profile = await session.LoadAsync<StoreProfileView>(StoreProfile.StreamId, ct);
        var midnight = MidnightBefore(now, profile?.Profile.Timezone);
        var batch = session.CreateBatchQuery();
        var counts = channelIds.ToDictionary(id => id,
            id => batch.Query<OrderView>().Filter(o => o.Channel == id && o.CreatedAt >= midnight).Count());
        await batch.Execute(ct);
        var result = new Dictionary<string, int>();
        foreach (var (id, count) in counts) result[id] = (int)await count;
        return result;
    }

    private static DateTimeOffset MidnightBefore(DateTimeOffset now, string? timezone)
    {
        var zone = timezone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out var found) ? found : TimeZoneInfo.Utc;
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return new DateTimeOffset(today, zone.GetUtcOffset(today));
    }
}
