using Commerce.Api.Http;
using FastEndpoints;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Commerce.Api.History;

/// <summary>
/// Query parameters of a route that gets one record: as it is (at least at <c>min_version</c>, read-your-writes), or as
/// it was at <c>as_of</c> or <c>version</c>.
/// </summary>
public abstract class RecordRequest
{
    /// <summary>Answer the record as it was at this moment (rebuilt from its events).</summary>
    public DateTimeOffset? AsOf { get; set; }

    /// <summary>Answer the record as it was at this stream version.</summary>
    public long? Version { get; set; }

    /// <summary>Read-your-writes: wait (bounded) until the read model has reached this version.</summary>
    public long? MinVersion { get; set; }
}

public sealed class RecordRequestRules : AbstractValidator<RecordRequest>
{
    public RecordRequestRules(TimeProvider clock)
    {
        RuleFor(x => x.Version).GreaterThanOrEqualTo(1).WithMessage("version starts at 1.");
        RuleFor(x => x.MinVersion).GreaterThanOrEqualTo(1).WithMessage("min_version starts at 1.");
        RuleFor(x => x.AsOf).LessThanOrEqualTo(_ => clock.GetUtcNow()).WithMessage("as_of is in the future.");
        RuleFor(x => x).Must(x => x.AsOf is null || x.Version is null).WithName("as_of").WithMessage("Send as_of or version, not both.");
    }
}

/// <summary>A record as it was, or why it cannot be shown (status, code, detail for a problem answer).</summary>
public sealed record AsItWas<TView>(TView? View, int Status = 200, string Code = "", string Detail = "") where TView : class;

public static class TimeTravel
{
    /// <summary>
    /// The record the request asks for: rebuilt as it was, or the read model (waiting for <c>min_version</c>), or why not
    /// (<paramref name="notFound"/> when the read model has no such record).
    /// </summary>
    public static async Task<AsItWas<TView>> FindAsync<TView>(
        this IQuerySession session, ReadYourWrites readYourWrites, string streamKey, SingleStreamProjection<TView, string> projection,
        Func<TView, long> versionOf, RecordRequest request, string notFound, CancellationToken ct) where TView : class =>
        request.AsOf is not null || request.Version is not null
            ? await session.AsItWasAsync(streamKey, projection, request, ct)
            : new AsItWas<TView>(await readYourWrites.LoadAsync(session, streamKey, request.MinVersion, versionOf, ct), 404, "not_found", notFound);

    /// <summary>Rebuilds a read model from its stream up to a version or a moment, with the projection's own fold.</summary>
    private static async Task<AsItWas<TView>> AsItWasAsync<TView>(
        this IQuerySession session, string streamKey, SingleStreamProjection<TView, string> projection, RecordRequest at,
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

/// <summary>Base of the routes that get one record: the answer with <c>ETag</c> = its version, or the problem.</summary>
public abstract class RecordEndpoint<TRequest, TResponse> : Endpoint<TRequest, TResponse> where TRequest : RecordRequest
{
    protected async Task SendRecordAsync<TView>(AsItWas<TView> found, Func<TView, long> versionOf, Func<TView, TResponse> answer, CancellationToken ct)
        where TView : class
    {
        if (found.View is not { } view)
        {
            await Send.ResultAsync(Problems.For(HttpContext, found.Status, found.Code, found.Detail));
            return;
        }
        HttpContext.Response.Headers.ETag = ETags.Of(versionOf(view));
        await Send.OkAsync(answer(view), ct);
    }
}
