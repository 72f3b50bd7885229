using Commerce.Api.Http;
using Commerce.Domain.Common;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Commerce.Api.WritePath;

/// <summary>
/// Base of every endpoint that sends a command: it translates the request into the command, and the command's outcome
/// into the answer (written: the status given with <c>ETag</c> = the stream's new version; stale If-Match: 412; a
/// rule said no: its problem).
/// </summary>
public abstract class CommandEndpoint<TRequest, TResponse> : Endpoint<TRequest, TResponse> where TRequest : notnull
{
    // The answer's writes, which no bound cancels: FastEndpoints reads CancellationToken.None as "the request's token",
    // and the request bound may have cancelled that one while the command ran (the bound is disabled only afterwards).
    private static readonly CancellationToken Answering = new CancellationTokenSource().Token;

    protected async Task SendCommandAsync<TCommand, TResult>(
        TCommand command, Func<WriteOutcome<TResult>.Written, TResponse> answer, CancellationToken ct, int status = 200,
        Func<TResult, string>? location = null, Func<TResult, int>? statusOf = null) where TCommand : IStreamCommand
    {
        var outcome = await Resolve<CommandDispatcher>().SendAsync<TCommand, TResult>(HttpContext, command, ct);
        // Decided (and, when written, committed): the request bound must not turn the answer into a 503 now, or a client
        // that retries on 503 would apply a committed command twice.
        HttpContext.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        if (outcome is WriteOutcome<TResult>.Written written)
        {
            HttpContext.Response.Headers.ETag = ETags.Of(written.Version);
            if (location is not null) HttpContext.Response.Headers.Location = location(written.Result);
            await Send.ResponseAsync(answer(written), statusOf?.Invoke(written.Result) ?? status, Answering);
            return;
        }
        await Send.ResultAsync(outcome switch
        {
            WriteOutcome<TResult>.Stale(var current) => Problems.For(HttpContext, 412, "precondition_failed",
                $"If-Match names another version; the record is at version {current} (ETag {ETags.Of(current)}). Read it again and retry."),
            WriteOutcome<TResult>.Rejected(var error) => Problems.For(HttpContext, error),
            _ => throw new ArgumentOutOfRangeException(nameof(command), outcome, "Unknown outcome.")
        });
    }
}
