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

public static class TimeTravel
{
    public abstract record Outcome<TView>
    {
        public sealed record Found(TView View) : Outcome<TView>;

        /// <summary>Nothing to show: the record did not exist then, or the version is past its last one.</summary>
        public sealed record OutOfRange(int Status, string Code, string Detail) : Outcome<TView>;
    }

    /// <summary>Rebuilds a read model from its stream up to a version or a moment, with the projection's own fold.</summary>
    public static async Task<Outcome<TView>> RebuildAsync<TView>(
        this IQuerySession session, string streamKey, SingleStreamProjection<TView, string> projection, ITimeTravelRequest at,
        CancellationToken ct) where TView : class
    {
        var state = await session.Events.FetchStreamStateAsync(streamKey, ct);
        if (state is null) return new Outcome<TView>.OutOfRange(404, "not_found", $"No record '{streamKey}'.");
        if (at.Version > state.Version)
            return new Outcome<TView>.OutOfRange(400, "version_out_of_range", $"'{streamKey}' has versions 1 to {state.Version}; version {at.Version} does not exist.");

        var events = await session.Events.FetchStreamAsync(streamKey, at.Version ?? 0, at.AsOf, token: ct);
        var view = events.Aggregate((TView?)null, (current, e) => projection.Evolve(current, streamKey, e));
        return view is null
            ? new Outcome<TView>.OutOfRange(404, "not_found", $"'{streamKey}' did not exist at {at.AsOf:O}; it was created {state.Created:O}.")
            : new Outcome<TView>.Found(view);
    }
}
