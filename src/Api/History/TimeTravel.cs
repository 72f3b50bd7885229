using Commerce.Api.Http;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Commerce.Api.History;

/// <summary>Query parameters of a get route that can answer a record as it was: <c>as_of</c> or <c>version</c>.</summary>
public interface ITimeTravelRequest
{
    DateTimeOffset? AsOf { get; }
    long? Version { get; }
}

public sealed class TimeTravelRules : AbstractValidator<ITimeTravelRequest>
{
    public TimeTravelRules(TimeProvider clock)
    {
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1).WithMessage("version starts at 1.");
        RuleFor(x => x.AsOf).LessThanOrEqualTo(_ => clock.GetUtcNow()).WithMessage("as_of is in the future.");
        RuleFor(x => x).Must(x => x.AsOf is null || x.Version is null).WithName("as_of").WithMessage("Send as_of or version, not both.");
    }
}

/// <summary>A record as it was, or why it cannot be shown (status, code, detail for a problem answer).</summary>
public sealed record AsItWas<TView>(TView? View, int Status = 200, string Code = "", string Detail = "") where TView : class;

public static class TimeTravel
{
    public static bool Requested(this ITimeTravelRequest request) => request.AsOf is not null || request.Version is not null;

    /// <summary>Rebuilds a read model from its stream up to a version or a moment, with the projection's own fold.</summary>
    public static async Task<AsItWas<TView>> AsItWasAsync<TView>(
        this IQuerySession session, string streamKey, SingleStreamProjection<TView, string> projection, ITimeTravelRequest at,
        CancellationToken ct) where TView : class
    {
        var state = await session.Events.FetchStreamStateAsync(streamKey, ct);
        if (state is null) return new(null, 404, "not_found", $"No record '{streamKey}'.");
        if (at.Version > state.Version)
            return new(null, 400, "version_out_of_range", $"'{streamKey}' has versions 1 to {state.Version}; version {at.Version} does not exist.");

        var events = await session.Events.FetchStreamAsync(streamKey, at.Version ?? 0, at.AsOf, token: ct);
        var view = events.Aggregate((TView?)null, (current, e) => projection.Evolve(current, streamKey, e));
        return view is null
            ? new(null, 404, "not_found", $"'{streamKey}' did not exist at {at.AsOf:O}; it was created {state.Created:O}.")
            : new(view);
    }
}
