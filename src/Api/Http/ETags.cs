using System.Globalization;

namespace Commerce.Api.Http;

/// <summary>Entity tags are the aggregate's stream version: <c>"7"</c>.</summary>
public static class ETags
{
    public const string IfMatchPattern = "^(W/)?\"[0-9]{1,18}\"$";
    public const string IfMatchMessage = "If-Match must be an ETag this API returned, such as \"7\".";

    public static string Of(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static long? ToVersion(string? ifMatch) =>
        ifMatch is null ? null : long.Parse(ifMatch.TrimStart('W', '/').Trim('"'), CultureInfo.InvariantCulture);
}
