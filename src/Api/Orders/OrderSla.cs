namespace Commerce.Api.Orders;

/// <summary>
/// How long each channel gives to ship an order: <c>Commerce:Orders:Sla:&lt;channel&gt;</c>, else
/// <c>Commerce:Orders:Sla:default</c>, else <see cref="Default"/>. Read when an order is placed; its deadline is then fixed.
/// </summary>
public sealed class OrderSla(IConfiguration configuration)
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(24);

    public TimeSpan For(string channel) =>
        configuration.GetValue<TimeSpan?>($"Commerce:Orders:Sla:{channel}") ?? configuration.GetValue<TimeSpan?>("Commerce:Orders:Sla:default") ?? Default;
}
