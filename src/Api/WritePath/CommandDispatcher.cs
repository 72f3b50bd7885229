using Commerce.Api.Access;
using Commerce.Domain.Common;
using JasperFx;
using Marten.Exceptions;
using Wolverine;
using Wolverine.Runtime;

namespace Commerce.Api.WritePath;

/// <summary>
/// Sends a command from an HTTP request to its Wolverine handler for the caller's tenant, with the request's
/// metadata (<see cref="CommandMetadata"/>), and answers with the handler's outcome for that command.
/// </summary>
/// <remarks>
/// Commands on one stream are serialized inside the node (striped async locks), so concurrent writers on a hot
/// stream queue here instead of racing to a version conflict in PostgreSQL; conflicts with other nodes are still
/// caught by Marten's optimistic concurrency and retried by Wolverine's policy.
/// <para>
/// Group commit: while one command of a stream runs, the commands of the same type queued behind it are taken together
/// by the next holder of the stream (up to <see cref="MaxBatch"/>) as one <see cref="CommandBatch{TCommand}"/>. With
/// <see cref="groupAcrossStreams"/> those stream batches instead wait for one of <see cref="CommitSlots"/> commits;
/// whoever gets a slot takes every stream batch of the same tenant and command type waiting and decides them in one
/// transaction. Each command still gets its own outcome, version and metadata, and a rejected one does not stop the
/// others. Each stream's gate is held until its batch is committed, so one stream is never in two transactions of this
/// node at once.
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

    /// <summary>Decides <paramref name="command"/> for the caller's tenant; <typeparamref name="TResult"/> is what its handler answers.</summary>
    public async Task<WriteOutcome<TResult>> SendAsync<TCommand, TResult>(HttpContext http, TCommand command, CancellationToken ct)
        where TCommand : IStreamCommand
    {
        var waiting = new Waiting<TCommand, TResult>(http.User.TenantId(), new Batched<TCommand>(command, CommandMetadata.Of(http)));
        var stripe = stripes[(uint)HashCode.Combine(waiting.Tenant, command.StreamId) % stripes.Length];
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
                var streamBatch = stripe.TakeBatchOf(waiting);
                if (groupAcrossStreams) await CommitTogetherAsync(streamBatch);
                else await RunAsync(streamBatch);
            }
        }
        finally
        {
            stripe.Gate.Release();
        }
        return await waiting.Done.Task;
    }

    /// <summary>Waits for a commit slot, unless a holder of one takes this stream batch into its transaction first.</summary>
    private async Task CommitTogetherAsync<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> streamBatch) where TCommand : IStreamCommand
    {
        var queued = lane.Enqueue(streamBatch);
        // Not the request's token: once queued, the batch may be taken into another request's transaction.
        await lane.Slots.WaitAsync(CancellationToken.None);
        try
        {
            // While another commit is under way, the requests already queued for a thread (the machine is busy) go first
            // and join this group: taken at once, a freed slot committed whoever had arrived alone or nearly, each such
            // small group paying a whole transaction's fixed work (bench/findings.md: fewer transactions per command
            // and more commands per second at 16 connections).
            if (lane.OthersCommitting) await Task.Yield();
            // The holder of the other slot may have taken it already and still be committing it.
            if (lane.TakeGroupOf(queued) is { Count: > 0 } group) await CommitAsync(group);
        }
        finally
        {
            lane.Slots.Release();
        }
        // Left out of a shared transaction that failed: tried again in one of its own, holding no slot while it waits.
        if (!await queued.Answered.Task) await RunAsync(streamBatch);
    }

    /// <summary>
    /// One transaction for the group. When another session held some of its streams' rows (it then failed at once,
    /// having written nothing: <see cref="StreamLocks"/>), those stream batches are left to run alone, to wait as long
    /// as a command may, and the others are committed together again at once. When it failed before its commit
    /// otherwise (races lost to another node), every stream batch is left to run alone. So only the troubled stream's
    /// commands wait and fail. A failure that may have struck during the commit (the connection lost) is answered,
    /// never run again, as for a command alone: running it again could apply it twice.
    /// </summary>
    private async Task CommitAsync<TCommand, TResult>(IReadOnlyList<Queued<TCommand, TResult>> group) where TCommand : IStreamCommand
    {
        var commands = group.SelectMany(g => g.Commands).ToList();
        try
        {
            Complete(commands, await InvokeAsync(commands));
        }
        catch (StreamsLockedException locked)
        {
            var held = group.Where(g => locked.StreamIds.Contains(g.Commands[0].StreamId)).ToList();
            foreach (var streamBatch in held) streamBatch.Answered.SetResult(false);
            if (group.Except(held).ToList() is { Count: > 0 } free) await CommitAsync(free);
        }
        catch (Exception e) when (group.Count > 1 && FailedBeforeCommit(e))
        {
            foreach (var streamBatch in group) streamBatch.Answered.SetResult(false);
        }
        catch (Exception e)
        {
            Fail(commands, e);
        }
        foreach (var taken in group) taken.Answered.TrySetResult(true);
    }

    /// <remarks>
    /// Marten rolls back and wraps what fails while it runs the statements (a lock wait that hit the command timeout,
    /// a version conflict); a failure of the commit itself reaches here unwrapped, and may have committed.
    /// </remarks>
    private static bool FailedBeforeCommit(Exception error) => error is ConcurrencyException or MartenCommandException;

    private async Task RunAsync<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> batch) where TCommand : IStreamCommand
    {
        try
        {
            Complete(batch, await InvokeAsync(batch));
        }
        catch (Exception e)
        {
            Fail(batch, e);
        }
    }

    // Not the request's token: the batch carries the commands of other requests too; the command timeout bounds it.
    private Task<IReadOnlyList<WriteOutcome<TResult>>> InvokeAsync<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> batch)
        where TCommand : IStreamCommand =>
        new MessageBus(wolverine).InvokeAsync<IReadOnlyList<WriteOutcome<TResult>>>(
            new CommandBatch<TCommand>(batch.Select(w => w.Command).ToList()), new DeliveryOptions { TenantId = batch[0].Tenant });

    private static void Complete<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> batch, IReadOnlyList<WriteOutcome<TResult>> outcomes)
        where TCommand : IStreamCommand
    {
        foreach (var (waiting, outcome) in batch.Zip(outcomes)) waiting.Done.SetResult(outcome);
    }

    private static void Fail<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> batch, Exception error) where TCommand : IStreamCommand
    {
        if (error is ConcurrencyException)
        {
            var conflict = new WriteOutcome<TResult>.Rejected(new(ErrorKind.Conflict, "conflict",
                "The record changed concurrently too many times while we retried; send the request again."));
            foreach (var waiting in batch) waiting.Done.TrySetResult(conflict);
            return;
        }
        foreach (var waiting in batch) waiting.Done.TrySetException(error);
    }

    /// <summary>A command waiting for its stream's gate (compared by reference); the stripes hold commands of every type.</summary>
    private abstract class Waiting(string tenant, string streamId)
    {
        public string Tenant { get; } = tenant;
        public string StreamId { get; } = streamId;
    }

    private sealed class Waiting<TCommand, TResult>(string tenant, Batched<TCommand> command) : Waiting(tenant, command.Command.StreamId)
        where TCommand : IStreamCommand
    {
        public Batched<TCommand> Command { get; } = command;
        public TaskCompletionSource<WriteOutcome<TResult>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
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
        /// The given command and the commands of its type queued behind it for the same stream (the stripe may be shared
        /// with other streams), oldest first, up to <see cref="MaxBatch"/>; they leave the queue.
        /// </summary>
        public IReadOnlyList<Waiting<TCommand, TResult>> TakeBatchOf<TCommand, TResult>(Waiting<TCommand, TResult> first) where TCommand : IStreamCommand
        {
            lock (queue)
            {
                var batch = queue.OfType<Waiting<TCommand, TResult>>()
                    .Where(w => w.Tenant == first.Tenant && w.StreamId == first.StreamId).Take(MaxBatch).ToList();
                if (!batch.Contains(first)) batch.Insert(0, first);
                foreach (var taken in batch) queue.Remove(taken);
                return batch;
            }
        }
    }

    /// <summary>A stream batch waiting for a commit.</summary>
    private abstract class Queued(string tenant)
    {
        public string Tenant { get; } = tenant;
        /// <summary>True once its commands are answered; false when its owner is to run them in a transaction of their own.</summary>
        public TaskCompletionSource<bool> Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Queued<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> commands) : Queued(commands[0].Tenant)
        where TCommand : IStreamCommand
    {
        public IReadOnlyList<Waiting<TCommand, TResult>> Commands { get; } = commands;
    }

    /// <summary>The commit slots, and the stream batches waiting for one in arrival order.</summary>
    private sealed class CommitLane(int slots)
    {
        private readonly List<Queued> queue = [];
        public SemaphoreSlim Slots { get; } = new(slots, slots);

        /// <summary>Whether a slot other than the caller's is held.</summary>
        public bool OthersCommitting => Slots.CurrentCount < slots - 1;

        public Queued<TCommand, TResult> Enqueue<TCommand, TResult>(IReadOnlyList<Waiting<TCommand, TResult>> streamBatch) where TCommand : IStreamCommand
        {
            var queued = new Queued<TCommand, TResult>(streamBatch);
            lock (queue) queue.Add(queued);
            return queued;
        }

        /// <summary>
        /// The given stream batch and the waiting ones of the same tenant and command type, oldest first, whole
        /// batches up to <see cref="MaxGroup"/> commands; they leave the queue. None when the given one has left it.
        /// </summary>
        public IReadOnlyList<Queued<TCommand, TResult>> TakeGroupOf<TCommand, TResult>(Queued<TCommand, TResult> first) where TCommand : IStreamCommand
        {
            lock (queue)
            {
                if (!queue.Contains(first)) return [];
                var group = new List<Queued<TCommand, TResult>> { first };
                var commands = first.Commands.Count;
                foreach (var queued in queue.OfType<Queued<TCommand, TResult>>())
                {
                    if (queued == first || queued.Tenant != first.Tenant) continue;
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
