using Commerce.Api.Channels;

namespace Commerce.Api.Tests.Channels;

/// <summary>A marketplace whose API refuses every call, registered beside the sandbox in the test host.</summary>
internal sealed class FailingConnector : IChannelConnector
{
    public const string ConnectorName = "failing";
    public const string Error = "The marketplace refused the credentials (401).";

    public string Name => ConnectorName;

    public Task<IReadOnlyList<ListingSeen>> PullListingsAsync(ChannelPull pull, CancellationToken ct) => throw new ChannelConnectorException(Error);
}
