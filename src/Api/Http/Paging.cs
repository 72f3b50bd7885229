using FluentValidation;

namespace Commerce.Api.Http;

/// <summary>Query parameters every list takes: <c>page</c> (from 1) and <c>limit</c> (1..100).</summary>
public abstract class PagedRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxPage = 1_000_000;

    public int? Page { get; set; }
    public int? Limit { get; set; }

    public int PageNumber => Page ?? 1;
    public int PageSize => Limit ?? DefaultLimit;
}

public sealed class PagingRules : AbstractValidator<PagedRequest>
{
    public PagingRules()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, PagedRequest.MaxPage).WithMessage($"page must be between 1 and {PagedRequest.MaxPage}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, PagedRequest.MaxLimit).WithMessage($"limit must be between 1 and {PagedRequest.MaxLimit}.");
    }
}

public sealed record PageMeta(long Total, int Page, int Limit, long TotalPages)
{
    public static PageMeta Of(PagedRequest request, long total) =>
        new(total, request.PageNumber, request.PageSize, (total + request.PageSize - 1) / request.PageSize);
}

/// <summary>The list envelope: <c>{ "data": [...], "meta": { total, page, limit, total_pages } }</c>.</summary>
public record PagedList<T>(IReadOnlyList<T> Data, PageMeta Meta);
