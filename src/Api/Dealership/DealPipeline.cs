using System.Text.Json;
using Commerce.Api.Access;
using Commerce.Api.History;
using Commerce.Api.Http;
using Commerce.Domain.Dealership;
using Commerce.Projections.Dealership;
using FastEndpoints;
using Commerce.Projections;
using Marten;

namespace Commerce.Api.Dealership;

public sealed class DealPipelineRequest
{
    /// <summary>Wait until the figures hold every deal written before this request (read your writes).</summary>
    public bool? Consistent { get; set; }
}

/// <summary>Deals counted in one group: how many, their value (won ones at their final value) and the days won ones took.</summary>
public sealed record PipelineFigures(int Count, decimal Value);

public sealed record PipelinePhase(string Phase, int Count, decimal Value);

/// <summary>One store's or source's deals: open, won, lost, the share of closed ones that were won, and the days won ones took.</summary>
public sealed record PipelineGroup(
    string? Key, PipelineFigures Open, PipelineFigures Won, PipelineFigures Lost, decimal? WinRate, decimal? AverageDaysToWin);

/// <summary>
/// The pipeline: open deals per phase (in pipeline order), open / won / lost totals, the win rate (won / closed), the
/// average days from creation to won, and the same per store and per source.
/// </summary>
public sealed record DealPipelineResponse(
    IReadOnlyList<PipelinePhase> Phases, PipelineFigures Open, PipelineFigures Won, PipelineFigures Lost, decimal? WinRate,
    decimal? AverageDaysToWin, IReadOnlyList<PipelineGroup> ByStore, IReadOnlyList<PipelineGroup> BySource);

public sealed class DealPipelineEndpoint(IQuerySession session, ReadYourWrites readYourWrites) : Endpoint<DealPipelineRequest, Envelope<DealPipelineResponse>>
{
    /// <summary>One row per (status, phase, store, source) of the tenant's deals, summed in SQL over the deals' read model.</summary>
    private sealed record Row(string Status, string Phase, string? StoreId, string? Source, int Count, decimal Value, decimal? DaysToWin);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public override void Configure()
    {
        Get("deals/pipeline");
        Policies(ApiScopes.Required(DealershipContext.ReadDeals));
        Description(d => d.ClearDefaultAccepts().WithTags("Dealership")
            .WithSummary("Pipeline analytics: count and value per phase, win rate, average days to win, per store and per source")
            .Produces<Envelope<DealPipelineResponse>>(200).ProducesReadProblems());
    }

    public override async Task HandleAsync(DealPipelineRequest req, CancellationToken ct)
    {
        if (req.Consistent == true) await readYourWrites.CatchUpAsync(session, nameof(DealView), ct);
        var table = session.TableOf<DealView>();
        // Marten keeps documents in PascalCase JSON; status and phase are duplicated columns.
        var sql = $"""
            select coalesce(jsonb_agg(jsonb_build_object('status', status, 'phase', phase, 'store_id', store_id, 'source', source,
                'count', n, 'value', value, 'days_to_win', days)), '[]')::text
            from (select status, phase, data->'State'->'Details'->>'StoreId' as store_id, data->'State'->'Details'->>'Source' as source,
                    count(*) as n,
                    sum(coalesce((data->'State'->>'WonValue')::numeric, (data->'State'->'Details'->>'Value')::numeric)) as value,
                    sum(extract(epoch from ((data->'State'->>'ClosedAt')::timestamptz - (data->'State'->>'CreatedAt')::timestamptz)) / 86400)
                        filter (where status = '{DealStatuses.Won}') as days
                  from {table} where tenant_id = ? group by 1, 2, 3, 4) g
            """;
        var rows = JsonSerializer.Deserialize<List<Row>>((await session.AdvancedSql.QueryAsync<string>(sql, ct, session.TenantId)).Single(), Json)!;
        await Send.OkAsync(Envelope<DealPipelineResponse>.Of(Summarize(rows)), ct);
    }

    private static DealPipelineResponse Summarize(IReadOnlyList<Row> rows)
    {
        var open = rows.Where(r => r.Status == DealStatuses.Open).ToList();
        return new(
            DealPhases.All.Select(p => new PipelinePhase(p, open.Where(r => r.Phase == p).Sum(r => r.Count), open.Where(r => r.Phase == p).Sum(r => r.Value)))
                .ToList(),
            Figures(rows, DealStatuses.Open), Figures(rows, DealStatuses.Won), Figures(rows, DealStatuses.Lost), WinRate(rows), AverageDaysToWin(rows),
            Groups(rows, r => r.StoreId), Groups(rows, r => r.Source));
    }

    private static PipelineFigures Figures(IEnumerable<Row> rows, string status)
    {
        var of = rows.Where(r => r.Status == status).ToList();
        return new(of.Sum(r => r.Count), of.Sum(r => r.Value));
    }

    private static decimal? WinRate(IReadOnlyList<Row> rows)
    {
        var won = rows.Where(r => r.Status == DealStatuses.Won).Sum(r => r.Count);
        var closed = won + rows.Where(r => r.Status == DealStatuses.Lost).Sum(r => r.Count);
        return closed == 0 ? null : Math.Round((decimal)won / closed, 4);
    }

    private static decimal? AverageDaysToWin(IReadOnlyList<Row> rows)
    {
        var won = rows.Where(r => r.Status == DealStatuses.Won).ToList();
        var count = won.Sum(r => r.Count);
        return count == 0 ? null : Math.Round(won.Sum(r => r.DaysToWin ?? 0) / count, 2);
    }

    private static IReadOnlyList<PipelineGroup> Groups(IReadOnlyList<Row> rows, Func<Row, string?> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PipelineGroup(g.Key, Figures(g, DealStatuses.Open), Figures(g, DealStatuses.Won), Figures(g, DealStatuses.Lost), WinRate([.. g]),
                AverageDaysToWin([.. g])))
            .ToList();
}
