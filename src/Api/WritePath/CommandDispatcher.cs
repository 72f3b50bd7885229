using Commerce.Api.Access;
using Commerce.Api.Http;
using JasperFx;
using Marten.Exceptions;
using Wolverine;
using Wolverine.Runtime;

namespace Commerce.Api.WritePath;

/// <summary>
/// Sends a command from an HTTP request to its Wolverine handler for the caller's tenant, with the request's
/// metadata (<see cref="CommandMetadata"/>), and answers with the handler's outcome.
/// </summary>
/// <remarks>
/// Commands on one stream are serialized inside the node (striped async locks), so concurrent writers on a hot
/// stream queue here instead of racing to a version conflict in PostgreSQL; conflicts with other nodes are still
/// caught by Marten's optimistic concurrency and retried by Wolverine's policy.
/// <para>
/// Group commit, for <see cref="IBatchableCommand"/>s: while one command of a stream runs, the commands queued behind
/// it are taken together by the next holder of the stream (up to <see cref="MaxBatch"/>) and committed at once.
/// With <see cref="groupAcrossStreams"/> those stream batches instead wait for one of <see cref="CommitSlots"/>
/// commits; whoever gets a slot takes every stream batch waiting and decides them in one transaction. Each command
/// still gets its own outcome, version and metadata, and a rejected one does not stop the others. Each stream's gate is held until its batch is committed, so one stream is never in two
/// transactions of this node at once.
/// </para>
/// </remarks>
public sealed class CommandDispatcher(IWolverineRuntime wolverine, IConfiguration configuration)
{
    /// <summary>
    /// <c>Commerce:Writes:GroupAcrossStreams</c> (default true): stream batches share a commit (step 2 above). A stream
    /// whose row another session holds does not hold up the others (<see cref="StreamLocks"/>); false commits each
    /// stream batch on its own.
    /// </summary>
    private readonly bool groupAcrossStreams = configuration.GetValue("Commerce:Writes:GroupAcrossStreams", true);

    private const int MaxBatch = 64;
    private const int MaxGroup = 256;
    private const int CommitSlots = 2;
    private readonly Stripe[] stripes = Enumerable.Range(0, 4096).Select(_ => new Stripe()).ToArray();
    private readonly CommitLane lane = new(CommitSlots);

    public async Task<WriteOutcome<TState>> SendAsync<TState>(HttpContext http, string streamId, object command, CancellationToken ct)
    {
        var tenant = http.User.TenantId();
        var waiting = new Waiting(tenant, streamId, command, CommandMetadata.Of(http));
        var stripe = stripes[(uint)HashCode.Combine(tenant, streamId) % stripes.Length];
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
            if (!waiting.Done.Task.IsCompleted)
            {
                var batch = stripe.TakeBatchOf(waiting);
                if (waiting.Command is not IBatchableCommand) await RunAsync<TState>(batch, ct);
                else if (groupAcrossStreams) await CommitTogetherAsync<TState>(batch);
                // Not the request's token: the batch carries the commands of other requests too.
                else await RunAsync<TState>(batch, CancellationToken.None);
            }
        }
        finally
        {
            stripe.Gate.Release();
        }
        return (WriteOutcome<TState>)await waiting.Done.Task;
    }

    /// <summary>Waits for a commit slot, unless a holder of one takes this stream batch into its transaction first.</summary>
    private async Task CommitTogetherAsync<TState>(IReadOnlyList<Waiting> streamBatch)
    {
        var queued = lane.Enqueue(streamBatch);
        // Not the request's token: once queued, the batch may be taken into another request's transaction.
        await lane.Slots.WaitAsync(CancellationToken.None);
        try
        {
            // The holder of the other slot may have taken it already and still be committing it.
            if (lane.TakeGroupOf(queued) is { Count: > 0 } group) await CommitAsync<TState>(group);
        }
        finally
        {
            lane.Slots.Release();
        }
        // Left out of a shared transaction that failed: tried again in one of its own, holding no slot while it waits.
        if (!await queued.Answered.Task) await RunAsync<TState>(streamBatch, CancellationToken.None);
    }

    /// <summary>
    /// One transaction for the group. When another session held some of its streams' rows (it then failed at once,
    /// having written nothing: <see cref="StreamLocks"/>), those stream batches are left to run alone, to wait as long
    /// as a command may, and the others are committed together again at once. When it failed before its commit
    /// otherwise (races lost to another node), every stream batch is left to run alone. So only the troubled stream's
    /// commands wait and fail. A failure that may have struck during the commit (the connection lost) is answered,
    /// never run again, as for a command alone: running it again could apply it twice.
    /// </summary>
    private async Task CommitAsync<TState>(IReadOnlyList<Queued> group)
    {
        var commands = group.SelectMany(g => g.Commands).ToList();
        try
        {
            Complete(commands, await InvokeAsync<TState>(commands, CancellationToken.None));
        }
        catch (StreamsLockedException locked)
        {
            var held = group.Where(g => locked.StreamIds.Contains(g.Commands[0].StreamId)).ToList();
            foreach (var streamBatch in held) streamBatch.Answered.SetResult(false);
            if (group.Except(held).ToList() is { Count: > 0 } free) await CommitAsync<TState>(free);
        }
        catch (Exception e) when (group.Count > 1 && FailedBeforeCommit(e))
        {
            foreach (var streamBatch in group) streamBatch.Answered.SetResult(false);
        }
        catch (Exception e)
        {
            Fail<TState>(commands, e);
        }
        foreach (var taken in group) taken.Answered.TrySetResult(true);
    }

    /// <remarks>
    /// Marten rolls back and wraps what fails while it runs the statements (a lock wait that hit the command timeout,
    /// a version conflict); a failure of the commit itself reaches here unwrapped, and may have committed.
    /// </remarks>
    private static bool FailedBeforeCommit(Exception error) => error is ConcurrencyException or MartenCommandException;

    private async Task RunAsync<TState>(IReadOnlyList<Waiting> batch, CancellationToken ct)
    {
        try
        {
            Complete(batch, await InvokeAsync<TState>(batch, ct));
        }
        catch (Exception e)
        {
            Fail<TState>(batch, e);
        }
    }

    private async Task<IReadOnlyList<WriteOutcome<TState>>> InvokeAsync<TState>(IReadOnlyList<Waiting> batch, CancellationToken ct)
    {
        var bus = new MessageBus(wolverine);
        if (batch is [{ Command: not IBatchableCommand } one])
            return [await bus.InvokeAsync<WriteOutcome<TState>>(one.Command, OptionsFor(one.Tenant, one.Metadata), ct)];
        var message = ((IBatchableCommand)batch[0].Command).BatchOf(batch.Select(w => new Batched(w.Command, w.Metadata)).ToList());
        return await bus.InvokeAsync<IReadOnlyList<WriteOutcome<TState>>>(message, new DeliveryOptions { TenantId = batch[0].Tenant }, ct);
    }

    private static void Complete<TState>(IReadOnlyList<Waiting> batch, IReadOnlyList<WriteOutcome<TState>> outcomes)
    {
        foreach (var (waiting, outcome) in batch.Zip(outcomes)) waiting.Done.SetResult(outcome);
    }

    private static void Fail<TState>(IReadOnlyList<Waiting> batch, Exception error)
    {
        if (error is ConcurrencyException)
        {
            var conflict = new WriteOutcome<TState>.Rejected(new(Domain.Common.ErrorKind.Conflict, "conflict",
                "The record changed concurrently too many times while we retried; send the request again."));
            foreach (var waiting in batch) waiting.Done.TrySetResult(conflict);
            return;
        }
        foreach (var waiting in batch) waiting.Done.TrySetException(error);
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

    /// <summary>A stream batch waiting for a commit.</summary>
    private sealed class Queued(IReadOnlyList<Waiting> commands)
    {
        public IReadOnlyList<Waiting> Commands { get; } = commands;
        /// <summary>True once its commands are answered; false when its owner is to run them in a transaction of their own.</summary>
        public TaskCompletionSource<bool> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The commit slots of the batchable commands, and the stream batches waiting for one in arrival order.</summary>
    private sealed class CommitLane(int slots)
    {
        private readonly List<Queued> queue = [];
        public SemaphoreSlim Slots { get; } = new(slots, slots);

        public Queued Enqueue(IReadOnlyList<Waiting> streamBatch)
        {
            var queued = new Queued(streamBatch);
            lock (queue) queue.Add(queued);
            return queued;
        }

        /// <summary>
        /// The given stream batch and the waiting ones of the same tenant and command type, oldest first, whole
        /// batches up to <see cref="MaxGroup"/> commands; they leave the queue. None when the given one has left it.
        /// </summary>
        public IReadOnlyList<Queued> TakeGroupOf(Queued first)
        {
            var (tenant, type) = (first.Commands[0].Tenant, first.Commands[0].Command.GetType());
            lock (queue)
            {
                if (!queue.Contains(first)) return [];
                var group = new List<Queued> { first };
                var commands = first.Commands.Count;
                foreach (var queued in queue)
                {
                    if (queued == first || queued.Commands[0].Tenant != tenant || queued.Commands[0].Command.GetType() != type) continue;
                    if (commands + queued.Commands.Count > MaxGroup) break;
                    group.Add(queued);
                    commands += queued.Commands.Count;
                }
                foreach (var taken in group) queue.Remove(taken);
                return group;
            }
        }
    }
}
