using FastEndpoints;
using FluentValidation;

namespace Commerce.Api.Http;

/// <summary>A write that honours <c>If-Match</c>: the version the client last read; a stale one gets 412 and writes nothing.</summary>
public abstract class ConditionalRequest
{
    [FromHeader("If-Match", isRequired: false)]
    public string? IfMatch { get; set; }

    /// <summary>The stream version <see cref="IfMatch"/> names, or null when the client sent none.</summary>
    public long? ExpectedVersion() => ETags.ToVersion(IfMatch);
}

public sealed class IfMatchRules : AbstractValidator<ConditionalRequest>
{
    public IfMatchRules() =>
        RuleFor(x => x.IfMatch).Matches(ETags.IfMatchPattern).When(x => x.IfMatch is not null).WithMessage(ETags.IfMatchMessage);
}
