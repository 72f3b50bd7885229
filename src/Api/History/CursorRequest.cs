using FluentValidation;

namespace Commerce.Api.History;

/// <summary>Query parameters of a growing feed: <c>after</c> (the last sequence seen) and <c>limit</c> (1..500).</summary>
public abstract class CursorRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public long? After { get; set; }
    public int? Limit { get; set; }

    public long Cursor => After ?? 0;
    public int PageSize => Limit ?? DefaultLimit;
}

public sealed class CursorRules : AbstractValidator<CursorRequest>
{
    public CursorRules()
    {
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).WithMessage("after is a sequence number, 0 or more.");
        RuleFor(x => x.Limit).InclusiveBetween(1, CursorRequest.MaxLimit).WithMessage($"limit must be between 1 and {CursorRequest.MaxLimit}.");
    }
}

/// <summary>The <c>types</c> filter: comma-separated stored event type names.</summary>
internal static class FeedTypes
{
    private static readonly IReadOnlyList<string> Known = EventResources.All.SelectMany(r => r.EventTypeNames).ToArray();

    public static IReadOnlyCollection<string>? Parse(string? types) =>
        types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool AreKnown(IReadOnlyCollection<string>? types) => types is null || types.All(Known.Contains);

    public static string UnknownMessage => $"Unknown event type; valid types: {string.Join(", ", Known)}.";
}
