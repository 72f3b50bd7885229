using System.Net;
using System.Net.Sockets;

namespace Commerce.Api.Webhooks;

/// <summary>A target that must not be called: not HTTPS, or an address inside our network.</summary>
internal sealed class TargetRefusedException(string message) : Exception(message);

/// <summary>
/// Keeps webhooks from reaching into our own network (SSRF): HTTPS only; no loopback, private, shared, link-local
/// (cloud metadata lives there), multicast or reserved addresses. Checked when a URL is registered and again on every
/// connection, where the name is resolved once, every address checked, and the socket connected to a checked one, so
/// a DNS answer that changes in between (rebinding) cannot slip through.
/// </summary>
internal static class TargetGuard
{
    private static readonly string[] InternalSuffixes = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa"];

    /// <summary>What is wrong with a URL's shape, or null; names are resolved by <see cref="CheckAddressesAsync"/>.</summary>
    public static string? ShapeProblem(string url, bool allowInsecure)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Scheme is not ("https" or "http"))
            return "url must be an absolute https:// URL.";
        if (uri.Scheme != "https" && !allowInsecure) return "url must use https://.";
        if (uri.UserInfo.Length > 0) return "url must not carry credentials; authenticate deliveries with their signature.";
        if (uri.Fragment.Length > 0) return "url must not have a #fragment.";
        if (allowInsecure) return null;
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || InternalSuffixes.Any(host.EndsWith)) return $"url host {uri.Host} is internal; use a public host name.";
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IsForbidden(ip)
            ? $"url points at {ip}, a loopback, private, link-local or reserved address." : null;
    }

    /// <summary>
    /// Resolves the host and refuses it when any address is internal. A name that does not resolve yet is accepted
    /// here (DNS may be set up after registration); every send checks again.
    /// </summary>
    public static async Task<string?> CheckAddressesAsync(string url, bool allowInsecure, CancellationToken ct)
    {
        if (allowInsecure || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || IPAddress.TryParse(uri.Host.Trim('[', ']'), out _)) return null;
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return null;
        }
        return addresses.FirstOrDefault(IsForbidden) is { } bad ? $"url host {uri.Host} resolves to {bad}, an internal address." : null;
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                || address.GetAddressBytes()[0] == 0;   // ::/8: unspecified, IPv4-compatible
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,                        // "this" network, private, loopback
            100 => b[1] is >= 64 and <= 127,               // shared address space (carrier NAT)
            169 => b[1] == 254,                            // link-local, cloud metadata (169.254.169.254)
            172 => b[1] is >= 16 and <= 31,                // private
            192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99),   // private, IETF, TEST-NET-1, 6to4 relay
            198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100),   // benchmarking, TEST-NET-2
            203 => b[1] == 0 && b[2] == 113,               // TEST-NET-3
            >= 224 => true,                                // multicast, reserved, broadcast
            _ => false
        };
    }

    /// <summary>The sockets handler behind every delivery: no redirects, no proxy, addresses checked on connect.</summary>
    public static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,   // a redirect could point anywhere, including inside
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.RequestTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),   // re-resolve names now and then
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            if (!options.AllowInsecureTargets && addresses.FirstOrDefault(IsForbidden) is { } bad)
                throw new TargetRefusedException($"{host} resolves to {bad}, an internal address; not sent.");
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    };
}
