using Commerce.Domain.Common;

namespace Commerce.Domain.Dealership;

/// <summary><c>POST /v1/stores</c>: a dealership location, which vehicles name by <c>store_id</c>.</summary>
public sealed record OpenStore(string StoreId, string Name, string? City, string? State, string? Phone) : IStreamCommand
{
    public string StreamId => StoreId;
    public long? ExpectedVersion => null;
}

public static partial class DealershipDecisions
{
    public static Decision Decide(Store? store, OpenStore command, DateTimeOffset now) => store is null
        ? Decision.Accept(new StoreOpened(command.StoreId, command.Name, command.City, command.State, command.Phone, now))
        : Decision.Reject(ErrorKind.Conflict, "conflict", $"Store {command.StoreId} exists already.");
}
