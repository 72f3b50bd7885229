using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commerce.Projections.Webhooks;

/// <summary>
/// The body a receiver gets: the seed's <c>event</c>, <c>created_at</c> and <c>data</c>, plus the delivery <c>id</c>
/// (also the <c>webhook-id</c> header, for de-duplication) and <c>"replay": true</c> on replays.
/// </summary>
public sealed record WebhookPayload(string Id, string Event, DateTimeOffset CreatedAt, object Data, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Replay)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}
