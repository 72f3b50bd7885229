using Commerce.Api.Access;
using Commerce.Api.Http;
using JasperFx;
using Wolverine;

namespace Commerce.Api.WritePath;

/// <summary>
/// Sends a command from an HTTP request to its Wolverine handler for the caller's tenant, with the request's
/// metadata (<see cref="CommandMetadata"/>), and answers with the handler's outcome.
/// </summary>
/// <remarks>
/// Commands on one stream are serialized inside the node (striped async locks), so concurrent writers on a hot
/// stream queue here instead of racing to a version conflict in PostgreSQL; conflicts with other nodes are still
/// caught by Marten's optimistic concurrency and retried by Wolverine's policy. While one command of a stream runs,
/// the <see cref="IBatchableCommand"/>s queued behind it are decided together afterwards, in one transaction (group
/// commit): each still gets its own outcome, version and metadata, and a rejected one does not stop the others.
/// </remarks>
public sealed class CommandDispatcher(IMessageBus bus)
{
    private const int MaxBatch = 64;
    private static readonly Stripe[] Stripes = Enumerable.Range(0, 4096).Select(_ => new Stripe()).ToArray();

    public async Task<WriteOutcome<TState>> SendAsync<TState>(HttpContext http, string streamId, object command, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var waiting = new Waiting(tenant, streamId, command, CommandMetadata.Of(http));
        var stripe = Stripes[(uint)HashCode.Combine(tenant, streamId) % Stripes.Length];
        stripe.Enqueue(waiting);
        try
        {
            await stripe.Gate.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            stripe.Abandon(waiting);
            throw;
        }
        try
        {
            // Whoever held the gate before may have decided this command already, in its batch.
            if (!waiting.Done.Task.IsCompleted) await RunAsync<TState>(stripe.TakeBatchOf(waiting), ct);
        }
        finally
        {
            stripe.Gate.Release();
        }
        return (WriteOutcome<TState>)await waiting.Done.Task;
    }

    private async Task RunAsync<TState>(IReadOnlyList<Waiting> batch, CancellationToken ct)
    {
        try
        {
            if (batch is [var one])
            {
                one.Done.SetResult(await bus.InvokeAsync<WriteOutcome<TState>>(one.Command, OptionsFor(one.Tenant, one.Metadata), ct));
                return;
            }
            // Not the leader's token: the others' requests are still waiting for this transaction.
            var message = ((IBatchableCommand)batch[0].Command).BatchOf(batch.Select(w => new Batched(w.Command, w.Metadata)).ToList());
            var outcomes = await bus.InvokeAsync<IReadOnlyList<WriteOutcome<TState>>>(
                message, new DeliveryOptions { TenantId = batch[0].Tenant }, CancellationToken.None);
            foreach (var (waiting, outcome) in batch.Zip(outcomes)) waiting.Done.SetResult(outcome);
        }
        catch (ConcurrencyException)
        {
            var conflict = new WriteOutcome<TState>.Rejected(new(Domain.Common.ErrorKind.Conflict, "conflict",
                "The record changed concurrently too many times while we retried; send the request again."));
            foreach (var waiting in batch) waiting.Done.TrySetResult(conflict);
        }
        catch (Exception e)
        {
            foreach (var waiting in batch) waiting.Done.TrySetException(e);
        }
    }

    private static DeliveryOptions OptionsFor(string tenant, CommandMetadata metadata)
    {
        var options = new DeliveryOptions
        {
            TenantId = tenant,
            CorrelationId = metadata.CorrelationId,
            Headers =
            {
                [EventMetadata.ActorHeader] = metadata.Actor,
                [EventMetadata.RequestPathHeader] = metadata.RequestPath
            }
        };
        if (metadata.CausationId is { } causation) options.CausationId = causation;
        return options;
    }

    /// <summary>The problem for every outcome that is not a write.</summary>
    public static IResult ProblemFor<TState>(HttpContext http, WriteOutcome<TState> outcome) => outcome switch
    {
        WriteOutcome<TState>.Stale(var current) => Problems.For(http, 412, "precondition_failed",
            $"If-Match names another version; the record is at version {current} (ETag {ETags.Of(current)}). Read it again and retry."),
        WriteOutcome<TState>.Rejected(var error) => Problems.For(http, error),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A write has no problem.")
    };

    private sealed record Waiting(string Tenant, string StreamId, object Command, CommandMetadata Metadata)
    {
        public TaskCompletionSource<object> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The gate of the streams hashed here, and the commands waiting for it in arrival order.</summary>
    private sealed class Stripe
    {
        private readonly List<Waiting> queue = [];
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Enqueue(Waiting waiting)
        {
            lock (queue) queue.Add(waiting);
        }

        /// <summary>A request that gave up before its turn leaves the queue, so it is never run.</summary>
        public void Abandon(Waiting waiting)
        {
            lock (queue) queue.Remove(waiting);
        }

        /// <summary>
        /// The given command and, when it can be batched, the commands queued behind it for the same stream and of the
        /// same type (the stripe may be shared with other streams), oldest first; they leave the queue.
        /// </summary>
        public IReadOnlyList<Waiting> TakeBatchOf(Waiting first)
        {
            lock (queue)
            {
                var batch = first.Command is IBatchableCommand
                    ? queue.Where(w => w.Tenant == first.Tenant && w.StreamId == first.StreamId && w.Command.GetType() == first.Command.GetType())
                        .Take(MaxBatch).ToList()
                    : [first];
                if (!batch.Contains(first)) batch.Insert(0, first);
                foreach (var taken in batch) queue.Remove(taken);
                return batch;
            }
        }
    }
}
