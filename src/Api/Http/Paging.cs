using System.Buffers.Text;
using System.Text;
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

/// <summary>
/// The list envelope's meta where a list also pages by cursor: <c>next_cursor</c> names the page after this one (send it
/// as <c>after</c>), null on the last page.
/// </summary>
public sealed record CursorPageMeta(long Total, int Page, int Limit, long TotalPages, string? NextCursor)
{
    public static CursorPageMeta Of(PagedRequest request, long total, string? nextCursor)
    {
        var meta = PageMeta.Of(request, total);
        return new(meta.Total, meta.Page, meta.Limit, meta.TotalPages, nextCursor);
    }
}

/// <summary>
/// Keyset paging: a cursor is the sort key of the last item shown (opaque to clients: base64url), and the next page is
/// the items after it, found through the index in the time of one page at any depth. <c>page</c> still works, to a
/// bounded depth: an OFFSET reads every row it skips, so its cost grows with the depth.
/// </summary>
public static class KeysetPaging
{
    /// <summary>How far offset paging reaches (the rows skipped and shown); beyond it a list answers 400 naming <c>after</c>.</summary>
    public const int MaxOffsetDepth = 1_000;

    public static string Encode(string sortKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortKey));

    /// <summary>The sort key a cursor names, or null when it is not one this API could have answered.</summary>
    public static string? Decode(string cursor, Func<string, bool> isSortKey)
    {
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return isSortKey(key) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Paging rules of a list that also takes a cursor: offset paging bounded, and either <c>page</c> or <c>after</c>.</summary>
public sealed class KeysetPagingRules<T> : AbstractValidator<T> where T : PagedRequest
{
    public KeysetPagingRules(Func<T, string?> after, Func<string, bool> isSortKey)
    {
        Include(new PagingRules());
        RuleFor(x => after(x)).Must(a => KeysetPaging.Decode(a!, isSortKey) is not null).When(x => after(x) is not null)
            .OverridePropertyName("after").WithMessage("after must be a next_cursor this API returned.");
        RuleFor(x => x.Page).Null().When(x => after(x) is not null).WithMessage("Send either page or after, not both.");
        RuleFor(x => x.Page).Must((x, _) => (long)x.PageNumber * x.PageSize <= KeysetPaging.MaxOffsetDepth)
            .When(x => x.Page is not null && x.Limit is null or >= 1 and <= PagedRequest.MaxLimit)
            .WithMessage(x => $"page {x.PageNumber} with limit {x.PageSize} reaches past item {KeysetPaging.MaxOffsetDepth}, as deep as page numbers go; " +
                              "to read further, follow the cursor: send after=<meta.next_cursor> of the page before.");
    }
}
