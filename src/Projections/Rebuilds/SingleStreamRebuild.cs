using System.Threading.Channels;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Commerce.Projections.Rebuilds;

/// <summary>The rebuild of a single-stream projection keyed by stream key, through its <c>Evolve</c>.</summary>
internal sealed class SingleStreamRebuild<TView>(string name, SingleStreamProjection<TView, string> projection) : IRebuildable
    where TView : class
{
    // Documents handed to the writer at a time: enough to make a hand-over cheap, few enough to start writing early.
    private const int BatchSize = 1000;

    public string Name => name;

    /// <summary>
    /// A stream's document is final as soon as the next stream begins, so finished documents are copied into a shadow
    /// table on another task while the events of later streams are still read and folded; the shadow then replaces the
    /// live table at once. Readers see the old documents or the new ones, both at the pause point, never a mix or a gap.
    /// </summary>
    public async Task ReplaceAsync(IDocumentStore store, IAsyncEnumerable<IReadOnlyList<IEvent>> byStream, TimeSpan swapWait, RebuildJob job, CancellationToken ct)
    {
        await using var table = await ShadowTable.CreateAsync(store, typeof(TView), ct);
        var batches = Channel.CreateBounded<IReadOnlyList<ProjectedDocument>>(4);
        var copying = Task.Run(async () =>
        {
            try
            {
                await table.CopyAsync(batches.Reader, written => job.DocumentsWritten += written, ct);
            }
            catch (Exception e)
            {
                // The folding side then fails on its next batch instead of waiting for room in a channel nobody reads.
                batches.Writer.TryComplete(e);
                throw;
            }
        }, ct);
        try
        {
            var batch = new List<ProjectedDocument>(BatchSize);
            var (last, view) = ((IEvent?)null, (TView?)null);
            await foreach (var page in byStream.WithCancellation(ct))
                foreach (var e in page)
                {
                    if (last is not null && (e.StreamKey != last.StreamKey || e.TenantId != last.TenantId))
                    {
                        // The previous stream is complete.
                        if (view is not null) batch.Add(Finished(last, view));
                        view = null;
                        if (batch.Count == BatchSize)
                        {
                            await batches.Writer.WriteAsync(batch, ct);
                            batch = new List<ProjectedDocument>(BatchSize);
                        }
                    }
                    view = Apply(view, e.StreamKey!, e, job);
                    last = e;
                }
            if (view is not null) batch.Add(Finished(last!, view));
            if (batch.Count > 0) await batches.Writer.WriteAsync(batch, ct);
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // Stops the writer after its current batch. When the writer failed first (this side then only saw its channel
            // closed), its failure is the one to report.
            batches.Writer.TryComplete(e);
            await copying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (copying.IsFaulted) await copying;
            throw;
        }
        await copying;
        await table.SwapAsync(swapWait, ct);
    }

    // Marten internals: the daemon stores a single-stream document with its stream's last version as the document's
    // revision (mt_version), which the rebuilt row must carry too. Re-check on each Marten upgrade.
    private static ProjectedDocument Finished(IEvent last, TView view) => new(last.TenantId, last.StreamKey!, last.Version, view);

    // The live daemon skips an event its projection throws on (docs/operations.md, "Poisoned events"); so does a rebuild,
    // or one poisoned event would make every rebuild fail and the rebuilt documents differ from the live ones.
    private TView? Apply(TView? current, string streamKey, IEvent e, RebuildJob job)
    {
        try
        {
            return projection.Evolve(current, streamKey, e);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            job.EventsSkipped++;
            return current;
        }
    }
}
